export { createTempGitRepo } from './git-repo.js';
export type { CommitSpec, TempGitRepo, TempGitRepoOptions } from './git-repo.js';
export { applyTree, createTempDir, writeTree } from './temp-dir.js';
export type { TempDir } from './temp-dir.js';
export { REPO_ROOT, TRAILMARK_BIN, runTrailmark } from './run-cli.js';
export type { CliRun, RunOptions } from './run-cli.js';
export { toHelm4Stream } from './helm4.js';
export { GITHUB_ACTIONS_CLAIMS, startTestSigstore } from './test-sigstore.js';
export type { TestService, TestSigstore, TestSigstoreOptions } from './test-sigstore.js';
export {
  DOCKER_REGISTRY_BIN,
  TEST_REGISTRY_CREDENTIALS,
  pushTestImage,
  pushTestIndex,
  startReferrersProxy,
  startRegistry,
} from './registry.js';
export type {
  PushedTestImage,
  ReferrersProxy,
  StartRegistryOptions,
  TestRegistry,
} from './registry.js';
export { FAKE_GITHUB_COMMIT, GITHUB_FIXTURES, startFakeGithub } from './fake-github.js';
export type {
  FailureOptions,
  FakeAnswer,
  FakeGithub,
  FakeGithubOptions,
  RecordedRequest,
} from './fake-github.js';
export type { FakeIssue, FakeIssueSeed } from './fake-github-issues.js';
export { startWebhookReceiver } from './webhook-receiver.js';
export type {
  WebhookDelivery,
  WebhookReceiver,
  WebhookReceiverOptions,
} from './webhook-receiver.js';
export { golden } from './golden.js';
export type { GoldenOptions } from './golden.js';
export { startEchoingRegistry, writeFailingGit } from './leak-plants.js';
export type { EchoingRegistry } from './leak-plants.js';
export { startTufRepository } from './tuf-repository.js';
export type { TestTufRepository } from './tuf-repository.js';
export { KUBE_FIXTURES_DIR, readKubeFixture } from './kube-fixtures.js';
export { startFakeKube } from './fake-kube.js';
export type { FakeKube, FakeKubeOptions } from './fake-kube.js';
export type { FakeKubeRequest, InjectedFailure } from './fake-kube-lists.js';
export { recordedObjects } from './fake-kube-store.js';
export type { StoredObject } from './fake-kube-store.js';
export { createTestTls, kubeconfigYaml } from './fake-kube-tls.js';
export type { KubeconfigSpec, TestTls } from './fake-kube-tls.js';
export { freePort } from './free-port.js';
export { startPostgres } from './postgres.js';
export type { TestPostgres } from './postgres.js';
