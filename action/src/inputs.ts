import { parseImages, type ImageInput } from './images.js';
import {
  checkVerifyInputs,
  checkVerifyOnly,
  toVerifyInputs,
  type VerifyInputs,
} from './verify-inputs.js';

/** What the Action does. `trace` will join this list with inputs of its own. */
export const COMMANDS = ['release', 'stamp', 'sbom', 'attest', 'verify'] as const;
/** One of {@link COMMANDS}. */
export type Command = (typeof COMMANDS)[number];

/** Every input as the runner hands it over (action.yml names in camelCase), not yet checked. */
export interface RawInputs {
  command: string;
  workingDirectory: string;
  manifests: string[];
  chart: string;
  values: string[];
  environment: string;
  images: string;
  sbomPaths: string[];
  mergeSboms: string[];
  originFile: string;
  sbomFile: string;
  sign: string;
  key: string;
  fulcioUrl: string;
  rekorUrl: string;
  tsaUrl: string;
  pushToRegistry: string;
  registryUsername: string;
  registryPassword: string;
  uploadAttestations: string;
  githubToken: string;
  outputDir: string;
  annotations: string;
  snapshot: string;
  kubeconfig: string;
  context: string;
  bundles: string[];
  oci: string;
  githubAttestations: string[];
  policy: string;
  verifyKeys: string[];
  certificateIdentity: string[];
  certificateIdentityPattern: string[];
  certificateOidcIssuer: string;
  trustedRoot: string;
  sarifFile: string;
  reportFile: string;
  reportFormat: string;
  failOnFindings: string;
}

/** How to sign: keyless (OIDC → Fulcio, Rekor and/or TSA), a PEM key file, or not at all. */
export type Signing =
  | { kind: 'none' }
  | { kind: 'key'; keyPath: string }
  | { kind: 'keyless'; fulcioUrl?: string; rekorUrl?: string; tsaUrl?: string };

/** Checked inputs: what {@link run} works from. */
export interface ActionInputs {
  command: Command;
  workingDirectory: string;
  manifests: string[];
  chart?: string;
  values: string[];
  environment?: string;
  images: ImageInput[];
  sbomPaths: string[];
  mergeSboms: string[];
  originFile?: string;
  sbomFile?: string;
  signing: Signing;
  pushToRegistry: boolean;
  registry?: { username: string; password: string };
  uploadAttestations: boolean;
  githubToken?: string;
  outputDir: string;
  annotations: 'full' | 'minimal';
  /** `command: verify` only. */
  verify?: VerifyInputs;
}

/** The checked inputs, or every problem found (each a sentence naming the input). */
export type CheckedInputs = { ok: true; inputs: ActionInputs } | { ok: false; problems: string[] };

/** Checks every rule and returns all problems at once, so one run shows the whole list. */
export function checkInputs(raw: RawInputs): CheckedInputs {
  const images = parseImages(raw.images);
  const problems = [
    ...checkCommand(raw),
    ...checkCommandInputs(raw),
    ...checkVerifyInputs(raw),
    ...checkVerifyOnly(raw),
    // verify reads public keys (verify-keys); sign and its URLs are release inputs.
    ...(raw.command === 'verify' ? [] : checkSigning(raw)),
    ...checkBooleans(raw),
    ...checkRegistry(raw),
    ...checkChoice('annotations', raw.annotations, ['full', 'minimal']),
    ...checkNonEmpty(raw),
    ...images.problems,
  ];
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, inputs: toInputs(raw, images.images) };
}

/** `command` is one of {@link COMMANDS}; `trace` is named as not yet available. */
export function checkCommand(raw: Pick<RawInputs, 'command'>): string[] {
  if ((COMMANDS as readonly string[]).includes(raw.command)) return [];
  const later = ['trace'].includes(raw.command)
    ? ` ("${raw.command}" is not in this version yet)`
    : '';
  return [`command "${raw.command}" must be one of ${COMMANDS.join(', ')}${later}`];
}

/** Inputs each command needs, and inputs a command would silently ignore (refused instead). */
export function checkCommandInputs(raw: RawInputs): string[] {
  // verify has rules of its own (checkVerifyInputs).
  if (!(COMMANDS as readonly string[]).includes(raw.command) || raw.command === 'verify') return [];
  const command = raw.command as Command;
  const problems: string[] = [];
  const needs = (ok: boolean, message: string): void => {
    if (!ok) problems.push(`command ${command}: ${message}`);
  };
  const refuses = (set: boolean, input: string, why: string): void => {
    if (set) problems.push(`command ${command}: input ${input} is not used (${why})`);
  };
  const stamps = command === 'release' || command === 'stamp';
  if (stamps)
    needs(
      raw.manifests.length > 0,
      'needs manifests (paths or globs of the rendered output, e.g. helm template > rendered.yaml)',
    );
  if (command === 'attest') {
    needs(
      raw.originFile !== '' || raw.sbomFile !== '',
      'needs origin-file and/or sbom-file (the origin-path / sbom-path outputs of earlier steps)',
    );
    needs(
      raw.images.trim() !== '' || raw.manifests.length > 0,
      'needs images and/or manifests: the subjects to attest',
    );
    needs(raw.sign !== 'none', 'sign: none leaves nothing to do; choose keyless or key');
  }
  const signs = (command === 'release' || command === 'attest') && raw.sign !== 'none';
  if (signs && isTrue(raw.uploadAttestations))
    needs(
      raw.githubToken !== '',
      'upload-attestations: true needs github-token (default ${{ github.token }}, with permissions attestations: write)',
    );
  refuses(
    command !== 'attest' && raw.originFile !== '',
    'origin-file',
    'only command attest reads origin records; release and stamp make them',
  );
  refuses(
    command !== 'attest' && raw.sbomFile !== '',
    'sbom-file',
    'only command attest reads an SBOM; release and sbom make it',
  );
  refuses(!stamps && raw.values.length > 0, 'values', 'values files are read by stamp');
  refuses(!stamps && raw.environment !== '', 'environment', 'the environment is recorded by stamp');
  refuses(
    command !== 'release' && command !== 'sbom' && raw.mergeSboms.length > 0,
    'merge-sboms',
    'SBOMs are merged by sbom',
  );
  refuses(
    (command === 'stamp' || command === 'sbom') && isTrue(raw.pushToRegistry),
    'push-to-registry',
    'only release and attest sign and publish',
  );
  return problems;
}

/**
 * `sign` is keyless, key or none; `key` goes with sign: key only; keyless URLs, when given, are
 * http(s) (left empty, the library follows the repository's visibility).
 */
export function checkSigning(
  raw: Pick<RawInputs, 'sign' | 'key' | 'fulcioUrl' | 'rekorUrl' | 'tsaUrl'>,
): string[] {
  const problems = checkChoice('sign', raw.sign, ['keyless', 'key', 'none']);
  if (raw.sign === 'key' && raw.key === '')
    problems.push(
      'sign: key needs key (the path of a PEM private key file, e.g. written from a secret)',
    );
  if (raw.sign !== 'key' && raw.key !== '')
    problems.push(`key is set but sign is "${raw.sign}"; set sign: key to sign with it`);
  if (raw.sign === 'keyless') {
    for (const [name, value] of [
      ['fulcio-url', raw.fulcioUrl],
      ['rekor-url', raw.rekorUrl],
      ['tsa-url', raw.tsaUrl],
    ] as const) {
      if (value !== '' && !/^https?:\/\/\S+$/.test(value))
        problems.push(`${name} "${value}" must be an http(s) URL`);
    }
  }
  return problems;
}

/** Boolean inputs take YAML 1.2 core booleans, as `core.getBooleanInput` does. */
export function checkBooleans(
  raw: Pick<RawInputs, 'pushToRegistry' | 'uploadAttestations' | 'oci' | 'failOnFindings'>,
): string[] {
  return [
    ['push-to-registry', raw.pushToRegistry],
    ['upload-attestations', raw.uploadAttestations],
    ['oci', raw.oci],
    ['fail-on-findings', raw.failOnFindings],
  ].flatMap(([name = '', value = '']) =>
    parseBoolean(value) === undefined ? [`${name} "${value}" must be true or false`] : [],
  );
}

/** Registry credentials come as a pair. */
export function checkRegistry(
  raw: Pick<RawInputs, 'registryUsername' | 'registryPassword'>,
): string[] {
  return (raw.registryUsername === '') === (raw.registryPassword === '')
    ? []
    : ['registry-username and registry-password go together'];
}

function checkNonEmpty(raw: RawInputs): string[] {
  return [
    ['working-directory', raw.workingDirectory],
    ['output-dir', raw.outputDir],
  ].flatMap(([name = '', value = '']) =>
    value.trim() === '' ? [`${name} must not be empty`] : [],
  );
}

function checkChoice(name: string, value: string, choices: readonly string[]): string[] {
  return choices.includes(value) ? [] : [`${name} "${value}" must be one of ${choices.join(', ')}`];
}

/** `true`/`True`/`TRUE` or `false`/`False`/`FALSE`; anything else is `undefined`. */
export function parseBoolean(value: string): boolean | undefined {
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  return undefined;
}

function isTrue(value: string): boolean {
  return parseBoolean(value) === true;
}

function toInputs(raw: RawInputs, images: ImageInput[]): ActionInputs {
  const optional = <K extends string>(key: K, value: string): { [P in K]?: string } =>
    value === '' ? {} : ({ [key]: value } as { [P in K]: string });
  return {
    command: raw.command as Command,
    workingDirectory: raw.workingDirectory,
    manifests: raw.manifests,
    ...optional('chart', raw.chart),
    values: raw.values,
    ...optional('environment', raw.environment),
    images,
    sbomPaths: raw.sbomPaths.length > 0 ? raw.sbomPaths : ['.'],
    mergeSboms: raw.mergeSboms,
    ...optional('originFile', raw.originFile),
    ...optional('sbomFile', raw.sbomFile),
    signing: toSigning(raw),
    pushToRegistry: isTrue(raw.pushToRegistry),
    ...(raw.registryUsername === ''
      ? {}
      : { registry: { username: raw.registryUsername, password: raw.registryPassword } }),
    uploadAttestations: isTrue(raw.uploadAttestations),
    ...optional('githubToken', raw.githubToken),
    outputDir: raw.outputDir,
    annotations: raw.annotations as 'full' | 'minimal',
    ...(raw.command === 'verify' ? { verify: toVerifyInputs(raw) } : {}),
  };
}

function toSigning(raw: RawInputs): Signing {
  if (raw.sign === 'none') return { kind: 'none' };
  if (raw.sign === 'key') return { kind: 'key', keyPath: raw.key };
  return {
    kind: 'keyless',
    ...(raw.fulcioUrl === '' ? {} : { fulcioUrl: raw.fulcioUrl }),
    ...(raw.rekorUrl === '' ? {} : { rekorUrl: raw.rekorUrl }),
    ...(raw.tsaUrl === '' ? {} : { tsaUrl: raw.tsaUrl }),
  };
}
