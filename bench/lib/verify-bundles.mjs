// The 500 Sigstore bundles of bench/verify, signed KEYLESS through the real test Sigstore of
// packages/testing (Fulcio certificate for a GitHub Actions identity, Rekor dsse entry, RFC 3161
// timestamp): the production keyless path of `trailmark attest`. One bundle per image, a DSSE
// in-toto statement whose only subject is that image's digest; its predicate is the
// deployment-origin record of the image's Deployment (and ServiceAccount), or, for 1 image in 25,
// SLSA build provenance only. Each bundle gets its own bundler, so its own ephemeral key and
// certificate, as separate CI runs would.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const CONCURRENCY = 4;

/**
 * Signs one bundle per service into `dir` (`<name>.sigstore.json`); returns the trusted root of
 * the test Sigstore (JSON) and the identity it issued certificates for.
 */
export async function signFleetBundles({ dist, services, records, commit, dir, log }) {
  const [core, attest, tm, testing] = await Promise.all(
    ['core', 'attest', 'trailmark', 'testing'].map((pkg) => import(dist(pkg))),
  );
  mkdirSync(dir, { recursive: true });
  // The identity of the run that signs: the test Sigstore's GitHub Actions claims, at our commit.
  const sigstore = await testing.startTestSigstore({ claims: { sha: commit } });
  try {
    const identityToken = await tm.resolveIdentityToken({ env: sigstore.actionsEnv });
    const context = buildContext(sigstore.claims);
    const statementOf = (s) => {
      const subject = [attest.subjectFromImage(`${s.repo}@${s.digest}`)];
      if (s.provenanceOnly)
        return attest.buildStatement(
          subject,
          core.PREDICATE_TYPE.slsaProvenance,
          attest.buildSlsaProvenance(context),
        );
      const objects = records.objects.filter(
        (o) => o.namespace === s.namespace && o.name === s.name,
      );
      const builderId = `https://github.com/${sigstore.claims.job_workflow_ref}`;
      return attest.buildStatement(
        subject,
        core.PREDICATE_TYPE.deploymentOrigin,
        attest.buildDeploymentOrigin({ ...records, objects }, { builderId }),
      );
    };
    const started = performance.now();
    let next = 0;
    let done = 0;
    const worker = async () => {
      while (next < services.length) {
        const s = services[next++];
        const bundler = tm.createKeylessBundler({
          identityToken,
          fulcioURL: sigstore.fulcioURL,
          rekorURL: sigstore.rekorURL,
          tsaServerURL: sigstore.tsaServerURL,
          retry: 0,
        });
        const json = await attest.signStatement(statementOf(s), bundler);
        writeFileSync(join(dir, `${s.name}.sigstore.json`), `${JSON.stringify(json, null, 2)}\n`);
        if (++done % 100 === 0) log(`signed ${done}/${services.length} bundles`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    log(
      `signed ${services.length} bundles keyless in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const requests = countBy(sigstore.requests.map((r) => r.service));
    return {
      trustedRoot: sigstore.trustedRoot,
      san: sigstore.san,
      issuer: sigstore.issuer,
      claims: sigstore.claims,
      requests,
    };
  } finally {
    await sigstore.close();
  }
}

/** The SLSA build context the facade derives from the OIDC claims. */
function buildContext(claims) {
  return {
    serverUrl: 'https://github.com',
    repository: claims.repository,
    repositoryId: claims.repository_id,
    repositoryOwnerId: claims.repository_owner_id,
    ref: claims.ref,
    sha: claims.sha,
    eventName: claims.event_name,
    workflowRef: claims.workflow_ref,
    jobWorkflowRef: claims.job_workflow_ref,
    runnerEnvironment: claims.runner_environment,
    runId: claims.run_id,
    runAttempt: claims.run_attempt,
  };
}

function countBy(values) {
  const out = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
