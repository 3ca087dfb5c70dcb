import type { Lockfile, LockPackage } from '../lockfile.js';

const SEMVER =
  /^\d+\.\d+\.\d+(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** PEP 440 (the `packaging` library's pattern, without its named groups). */
const PEP440 =
  /^v?(?:\d+!)?\d+(?:\.\d+)*(?:[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview)[-_.]?\d*)?(?:-\d+|[-_.]?(?:post|rev|r)[-_.]?\d*)?(?:[-_.]?dev[-_.]?\d*)?(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?$/i;

/** What a version must look like, by purl type: the ecosystem's own version grammar. */
const GRAMMARS: Readonly<Record<string, RegExp>> = {
  npm: SEMVER,
  cargo: SEMVER,
  golang: new RegExp(`^v${SEMVER.source.slice(1)}`),
  pypi: PEP440,
};

/**
 * Keeps, but without version and purl, every package whose version is not one its ecosystem
 * could have written (`"not a version!!"` in a hand-edited lockfile): a purl with a made-up
 * version would name a release that does not exist, and match nothing in a vulnerability
 * database. The text stays in the property `trailmark:invalid-version`; one warning names the
 * entry's line. Applied to every reader's output, so all formats behave alike.
 */
export function checkVersions(lockfile: Lockfile): Lockfile {
  for (const pkg of lockfile.packages) {
    const grammar = pkg.purl === undefined ? undefined : GRAMMARS[purlType(pkg.purl)];
    if (grammar === undefined || pkg.version === undefined || grammar.test(pkg.version)) continue;
    lockfile.warnings.push({
      line: pkg.source.line,
      message: `${fullName(pkg)}: version ${JSON.stringify(pkg.version)} is not a valid ${purlType(pkg.purl ?? '')} version: kept without version and purl`,
      kind: 'invalid-version',
    });
    pkg.properties = [
      ...(pkg.properties ?? []),
      { name: 'trailmark:invalid-version', value: pkg.version },
    ];
    delete pkg.version;
    delete pkg.purl;
  }
  return lockfile;
}

function purlType(purl: string): string {
  return purl.slice('pkg:'.length, purl.indexOf('/'));
}

function fullName(pkg: LockPackage): string {
  return pkg.namespace === undefined ? pkg.name : `${pkg.namespace}/${pkg.name}`;
}
