import { PackageURL } from 'packageurl-js';

/** The parts of a package URL, before encoding. */
export interface PurlParts {
  type: string;
  /** `/`-separated; each segment is encoded on its own. */
  namespace?: string | undefined;
  name: string;
  version?: string | undefined;
  /** Entries with an `undefined` value are left out. */
  qualifiers?: Readonly<Record<string, string | undefined>> | undefined;
}

/**
 * Builds a canonical purl string with packageurl-js, the reference implementation (the one
 * cyclonedx-npm and most SBOM tools use), so purls compare equal across tools: qualifiers sorted,
 * `@` in an npm scope and `:`/`/` in qualifier values percent-encoded, `+` and `:` in versions kept.
 */
export function toPurl(parts: PurlParts): string {
  const qualifiers = Object.fromEntries(
    Object.entries(parts.qualifiers ?? {}).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '',
    ),
  );
  const namespace =
    parts.namespace === undefined || parts.namespace === '' ? undefined : parts.namespace;
  return new PackageURL(
    parts.type,
    namespace,
    parts.name,
    parts.version,
    Object.keys(qualifiers).length > 0 ? qualifiers : undefined,
    undefined,
  ).toString();
}
