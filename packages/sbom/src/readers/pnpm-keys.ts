/** A pnpm package id split into its parts. */
export interface PnpmPackageId {
  name: string;
  /** Absent when the id carries no `@version` (v6 tarball ids such as `github.com/o/r/sha`). */
  version: string | undefined;
  /** The id without its peer suffix `(react@18.2.0)...`. */
  base: string;
}

/**
 * Splits `@scope/name@1.0.0(peer@2.0.0)` (v9) or `/@scope/name@1.0.0(peer@2.0.0)` (v6) into
 * name, version and the id without the peer suffix.
 */
export function splitPackageId(id: string): PnpmPackageId {
  const paren = id.indexOf('(');
  const base = paren === -1 ? id : id.slice(0, paren);
  const bare = base.startsWith('/') ? base.slice(1) : base;
  const at = bare.indexOf('@', 1);
  if (at === -1) return { name: bare, version: undefined, base };
  return { name: bare.slice(0, at), version: bare.slice(at + 1), base };
}

/**
 * The `packages`/`snapshots` id a dependency reference points at (pnpm's `refToRelative`), or
 * undefined for `link:` references, which point at importers. `v6` ids start with `/`.
 */
export function referenceToId(name: string, reference: string, v6: boolean): string | undefined {
  if (reference.startsWith('link:')) return undefined;
  if (v6) return v6ReferenceToId(name, reference);
  if (reference.startsWith('@')) return reference;
  const at = reference.indexOf('@');
  if (at === -1) return `${name}@${reference}`;
  const colon = reference.indexOf(':');
  const paren = reference.indexOf('(');
  const aliasLike = (colon === -1 || at < colon) && (paren === -1 || at < paren);
  return aliasLike ? reference : `${name}@${reference}`;
}

function v6ReferenceToId(name: string, reference: string): string {
  if (reference.startsWith('file:')) return reference;
  const paren = reference.indexOf('(');
  const slash = paren === -1 ? reference.indexOf('/') : reference.lastIndexOf('/', paren);
  return slash === -1 ? `/${name}@${reference}` : reference;
}
