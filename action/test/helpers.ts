import type { RawInputs } from '../src/inputs.js';
import type { AnnotationPlace, OutputName, Runner } from '../src/runner.js';

/** The action.yml defaults, as the runner passes them when a workflow sets nothing else. */
export const DEFAULT_INPUTS: RawInputs = {
  command: 'release',
  workingDirectory: '.',
  manifests: [],
  chart: '',
  values: [],
  environment: '',
  images: '',
  sbomPaths: ['.'],
  mergeSboms: [],
  originFile: '',
  sbomFile: '',
  sign: 'keyless',
  key: '',
  fulcioUrl: '',
  rekorUrl: '',
  tsaUrl: '',
  pushToRegistry: 'false',
  registryUsername: '',
  registryPassword: '',
  uploadAttestations: 'true',
  githubToken: 'ghs_default',
  outputDir: 'trailmark-out',
  annotations: 'full',
  snapshot: '',
  kubeconfig: '',
  context: '',
  bundles: [],
  oci: 'false',
  githubAttestations: [],
  policy: '',
  verifyKeys: [],
  certificateIdentity: [],
  certificateIdentityPattern: [],
  certificateOidcIssuer: '',
  trustedRoot: '',
  sarifFile: 'trailmark-verify.sarif',
  reportFile: '',
  reportFormat: 'html',
  failOnFindings: 'true',
};

/** Inputs over the defaults. */
export function inputs(overrides: Partial<RawInputs>): RawInputs {
  return { ...DEFAULT_INPUTS, ...overrides };
}

/** A {@link Runner} that records every call. */
export interface RecordingRunner extends Runner {
  infos: string[];
  warnings: { message: string; at: AnnotationPlace | undefined }[];
  errors: { message: string; at: AnnotationPlace | undefined }[];
  outputs: Partial<Record<OutputName, string>>;
  summaries: string[];
}

/** Creates a {@link RecordingRunner}. */
export function recordingRunner(): RecordingRunner {
  const runner: RecordingRunner = {
    infos: [],
    warnings: [],
    errors: [],
    outputs: {},
    summaries: [],
    info: (message) => runner.infos.push(message),
    warning: (message, at) => runner.warnings.push({ message, at }),
    error: (message, at) => runner.errors.push({ message, at }),
    setOutput: (name, value) => {
      runner.outputs[name] = value;
    },
    writeSummary: (markdown) => {
      runner.summaries.push(markdown);
      return Promise.resolve();
    },
  };
  return runner;
}

/** The payload of a Sigstore bundle's DSSE envelope. */
export function statementOf(bundleJson: string): {
  predicateType: string;
  subject: { name: string; digest: Record<string, string> }[];
  predicate: Record<string, unknown>;
} {
  const bundle = JSON.parse(bundleJson) as { dsseEnvelope: { payload: string } };
  return JSON.parse(
    Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8'),
  ) as ReturnType<typeof statementOf>;
}
