/** The Sigstore instances trailmark signs with, as actions/attest chooses them. */
export type SigstoreInstanceName = 'public-good' | 'github';

/** A repository's visibility as GitHub reports it. */
export type Visibility = 'public' | 'private' | 'internal';

/** One instance: its services and the trusted root (in `packages/trailmark/trust/`) that checks its bundles. */
export interface SigstoreInstance {
  name: SigstoreInstanceName;
  fulcioURL: string;
  /** Rekor v1: a public, permanent transparency log entry per signature. */
  rekorURL?: string;
  /** RFC 3161 timestamp authority: a signed time, no log. */
  tsaURL?: string;
  trustedRoot: string;
}

/**
 * public-good: Fulcio + Rekor, for public repositories. github: GitHub's Fulcio and TSA and NO
 * transparency log, for private and internal repositories — their names, workflows and commits
 * would otherwise be written to a public, permanent log.
 */
export const SIGSTORE_INSTANCES: Readonly<Record<SigstoreInstanceName, SigstoreInstance>> = {
  'public-good': {
    name: 'public-good',
    fulcioURL: 'https://fulcio.sigstore.dev',
    rekorURL: 'https://rekor.sigstore.dev',
    trustedRoot: 'public-good.trusted_root.json',
  },
  github: {
    name: 'github',
    fulcioURL: 'https://fulcio.githubapp.com',
    tsaURL: 'https://timestamp.githubapp.com/api/v1/timestamp',
    trustedRoot: 'github.trusted_root.json',
  },
};

/** URLs given on the command line or as Action inputs; each one given wins. */
export interface ExplicitSigstoreURLs {
  fulcioUrl?: string | undefined;
  rekorUrl?: string | undefined;
  tsaUrl?: string | undefined;
}

/**
 * Where an instance's services answer in tests: `name → origin` (`http://127.0.0.1:PORT`). Only
 * the origin moves; the instance keeps its services and their paths, so a test of the github
 * instance still gets a TSA and no Rekor.
 */
export type SigstoreOrigins = Partial<Record<SigstoreInstanceName, string>>;

/** The keyless signing endpoints chosen, and why. */
export interface KeylessEndpoints {
  /** The instance, or `custom` when explicit URLs replaced its services. */
  instance: SigstoreInstanceName | 'custom';
  fulcioURL: string;
  rekorURL?: string;
  tsaURL?: string;
  /** Said once on stderr / in the Action log, e.g. when the visibility was unknown. */
  notice?: string;
}

/**
 * The instance for a repository's visibility: public → public-good; private, internal and
 * unknown → github (a repository we cannot see is treated as one that must not reach the public
 * log). Explicit URLs win: a Fulcio URL replaces the instance's; a Rekor and/or TSA URL replaces
 * its witnesses (then exactly those given witness the signature).
 */
export function chooseKeylessEndpoints(
  visibility: Visibility | undefined,
  explicit: ExplicitSigstoreURLs,
  origins: SigstoreOrigins = {},
): KeylessEndpoints {
  const name: SigstoreInstanceName = visibility === 'public' ? 'public-good' : 'github';
  const instance = relocate(SIGSTORE_INSTANCES[name], origins[name]);
  const explicitWitness = explicit.rekorUrl !== undefined || explicit.tsaUrl !== undefined;
  const notice =
    visibility === undefined
      ? "the repository's visibility is unknown (no event payload or API answer): signing with GitHub's Sigstore instance (Fulcio + timestamp authority, no public transparency log); give --fulcio-url and --rekor-url to choose another"
      : undefined;
  if (explicit.fulcioUrl === undefined && !explicitWitness)
    return { ...withoutName(instance), instance: name, ...(notice ? { notice } : {}) };
  const witnesses = explicitWitness
    ? { rekorURL: explicit.rekorUrl, tsaURL: explicit.tsaUrl }
    : { rekorURL: instance.rekorURL, tsaURL: instance.tsaURL };
  return {
    instance: 'custom',
    fulcioURL: explicit.fulcioUrl ?? instance.fulcioURL,
    ...(witnesses.rekorURL === undefined ? {} : { rekorURL: witnesses.rekorURL }),
    ...(witnesses.tsaURL === undefined ? {} : { tsaURL: witnesses.tsaURL }),
  };
}

/**
 * One line naming the instance and its services, for the CLI's stderr and the Action's log: a
 * reader can tell whether a public transparency-log entry was made.
 */
export function describeKeylessEndpoints(keyless: KeylessEndpoints): string {
  const witnesses = [
    ...(keyless.rekorURL === undefined ? [] : [`Rekor ${keyless.rekorURL}`]),
    ...(keyless.tsaURL === undefined ? [] : [`TSA ${keyless.tsaURL}`]),
  ];
  return `signed keyless with the ${keyless.instance} Sigstore instance: Fulcio ${keyless.fulcioURL}, ${witnesses.join(', ')}`;
}

// The same services and paths at another origin (tests); the instance's shape is unchanged.
function relocate(instance: SigstoreInstance, origin: string | undefined): SigstoreInstance {
  if (origin === undefined) return instance;
  const move = (url: string | undefined): string | undefined =>
    url === undefined ? undefined : `${origin.replace(/\/+$/, '')}${new URL(url).pathname}`;
  return {
    ...instance,
    fulcioURL: move(instance.fulcioURL) ?? instance.fulcioURL,
    ...(instance.rekorURL === undefined ? {} : { rekorURL: move(instance.rekorURL) }),
    ...(instance.tsaURL === undefined ? {} : { tsaURL: move(instance.tsaURL) }),
  };
}

function withoutName(instance: SigstoreInstance): Omit<KeylessEndpoints, 'instance'> {
  return {
    fulcioURL: instance.fulcioURL,
    ...(instance.rekorURL === undefined ? {} : { rekorURL: instance.rekorURL }),
    ...(instance.tsaURL === undefined ? {} : { tsaURL: instance.tsaURL }),
  };
}
