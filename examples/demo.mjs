// The trailmark demo: builds the example app repository (examples/shop) as a real git repository
// with history by three authors in a temp dir, stamps its rendered Helm release with the built
// CLI exactly as a pipeline would, and prints, per object, where it came from and who stands
// behind it. Run with `pnpm run demo` (or `npm run demo` after install).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildExampleRepo } from './shop/build-repo.mjs';
import { crashLoopingPayload, falcoShellEvent } from './shop/alerts.mjs';
import { simulateCluster } from './shop/cluster.mjs';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const TRAILMARK = join(ROOT, 'node_modules', '.bin', 'trailmark');

/** A trailmark step of the demo exited non-zero; the demo stops with its exit code. */
class DemoStepFailed extends Error {
  constructor(message, exitCode) {
    super(message);
    this.exitCode = exitCode;
  }
}

// The release's images as the pipeline pinned them: what the registry served for each tag.
const IMAGES = [
  'ghcr.io/acme/shop@sha256:4f5c6a7e0b1d2c3e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f80912',
  'ghcr.io/acme/log-shipper@sha256:fb7ef819e19c7a8121723e225686ecc7e7fc2df3ff9ed0ab990bbbeaae695c9f',
  'docker.io/bitnami/redis@sha256:1c93207da9d23f7ef9582e160fff00721b93b9ed62a93b3cfb9c4b6490df085d',
  'quay.io/prometheus/node-exporter@sha256:5835f088437eb9f0b81a76d3cd7a5237c2a441dbfcef63d343b9ec01cdc10cd5',
];
// Where the demo leaves the HTML evidence report (git-ignored), to open in a browser afterwards.
const REPORT = join(ROOT, 'demo-out', 'verify-report.html');

const work = mkdtempSync(join(tmpdir(), 'trailmark-demo-'));
try {
  const { dir, commits } = await buildExampleRepo(join(work, 'shop'));
  heading(`1. The app repository: ${dir}`);
  console.log(
    execFileSync('git', ['log', '--format=   %h %an  %s'], { cwd: dir, encoding: 'utf8' }),
  );
  console.log(`   ${commits.length} commits; CODEOWNERS at .github/CODEOWNERS`);

  heading('2. trailmark stamp (the rendered prod release, as a Helm post-renderer would see it)');
  const args = [
    'stamp',
    'deploy/rendered/prod.yaml',
    '--chart',
    'charts/shop',
    '-f',
    'charts/shop/values-prod.yaml',
    '--environment',
    'prod',
    '--operator',
    'release-bot',
    '--approver',
    'dana',
    '--build-url',
    'https://github.com/acme/shop/actions/runs/42/attempts/1',
    ...IMAGES.flatMap((image) => ['--image', image]),
    '-o',
    'out/prod.stamped.yaml',
    '--origin-out',
    'out/origin.json',
  ];
  console.log(`   $ trailmark ${args.join(' ')}`);
  run(args, dir);
  const records = JSON.parse(readFileSync(join(dir, 'out/origin.json'), 'utf8'));
  printObjects(records);

  heading('3. The same stream through stdin, as `helm template ... --post-renderer` pipes it');
  const piped = spawnSync(
    TRAILMARK,
    ['stamp', '--chart', 'charts/shop', '--annotations', 'minimal'],
    {
      cwd: dir,
      input: readFileSync(join(dir, 'deploy/rendered/prod.yaml')),
      encoding: 'utf8',
    },
  );
  const deployment =
    piped.stdout.split('\n---\n').find((doc) => /^kind: Deployment$/m.test(doc)) ?? '';
  console.log(
    deployment
      .split('\n')
      .filter((line) => line.includes('trailmark.dev/'))
      .map((line) => `   ${line}`)
      .join('\n'),
  );

  heading('4. Plain manifests (no Helm): deploy/plain/');
  run(['stamp', 'deploy/plain', '-o', 'out/plain', '--origin-out', 'out/plain-origin.json'], dir);
  printObjects(JSON.parse(readFileSync(join(dir, 'out/plain-origin.json'), 'utf8')));

  heading(
    '5. trailmark sbom: lockfiles, the chart and its dependencies, the images of the release',
  );
  const sbomArgs = [
    'sbom',
    '.',
    '--chart',
    'charts/shop',
    '--manifests',
    'out/prod.stamped.yaml',
    '-o',
    'out/sbom.cdx.json',
  ];
  console.log(`   $ trailmark ${sbomArgs.join(' ')}`);
  run(sbomArgs, dir, { SOURCE_DATE_EPOCH: '1709629800' });
  printSbom(JSON.parse(readFileSync(join(dir, 'out/sbom.cdx.json'), 'utf8')));

  heading(
    '6. trailmark keygen + attest: sign the SBOM and the deployment origin with a fresh key (air-gapped mode)',
  );
  run(['keygen', 'keys'], dir);
  const attestArgs = [
    'attest',
    '--key',
    'keys/trailmark.key',
    '--origin',
    'out/origin.json',
    '--sbom',
    'out/sbom.cdx.json',
    '--manifests',
    'out/prod.stamped.yaml',
    '-o',
    'out/attestations',
  ];
  console.log(`   $ trailmark ${attestArgs.join(' ')}`);
  const attested = spawnSync(TRAILMARK, attestArgs, { cwd: dir, encoding: 'utf8' });
  process.stdout.write(
    `${attested.stdout}${attested.stderr}`
      .split('\n')
      .filter(Boolean)
      .map((line) => `   ${line.replace(dir + '/', '')}\n`)
      .join(''),
  );
  const bundle = JSON.parse(
    readFileSync(join(dir, 'out/attestations/deployment-origin.sigstore.json'), 'utf8'),
  );
  const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8'));
  console.log(
    `   ${bundle.mediaType}, DSSE ${bundle.dsseEnvelope.payloadType}, key hint ${bundle.verificationMaterial.publicKey.hint.slice(0, 16)}…`,
  );
  console.log(
    `   subjects: ${statement.subject.map((s) => `${s.name}@sha256:${s.digest.sha256.slice(0, 12)}…`).join(', ')}`,
  );
  console.log(
    `   predicate ${statement.predicateType}: ${statement.predicate.objects.length} objects, e.g. ${statement.predicate.objects.find((o) => o.kind === 'Deployment').name} at ${statement.predicate.objects.find((o) => o.kind === 'Deployment').source.path}:${statement.predicate.objects.find((o) => o.kind === 'Deployment').source.line}`,
  );

  heading(
    '7. trailmark bundle verify-bundle: a release manager checks the bundle against the image digest',
  );
  const image = statement.subject.find((s) => s.name === 'ghcr.io/acme/shop');
  for (const [label, digest] of [
    ['the signed image', image.digest.sha256],
    ['some other image', '0'.repeat(64)],
  ]) {
    const args = [
      'bundle',
      'verify-bundle',
      '--bundle',
      'out/attestations/deployment-origin.sigstore.json',
      '--key',
      'keys/trailmark.pub',
      `sha256:${digest}`,
    ];
    const verified = spawnSync(TRAILMARK, args, { cwd: dir, encoding: 'utf8' });
    console.log(`   ${label}: exit ${verified.status}: ${verified.stdout.trim()}`);
  }

  heading(
    '8. trailmark verify: the cluster a day later (kubectl edit, a forged annotation, a privileged debug pod)',
  );
  const digests = Object.fromEntries(IMAGES.map((image) => image.split('@')));
  const cluster = simulateCluster(
    readFileSync(join(dir, 'out/prod.stamped.yaml'), 'utf8'),
    digests,
  );
  writeFileSync(join(dir, 'out/cluster.json'), JSON.stringify(cluster, null, 2));
  console.log(
    '   (examples/shop/cluster.mjs plays the API server: out/cluster.json is a snapshot)',
  );
  mkdirSync(dirname(REPORT), { recursive: true });
  const verifyArgs = [
    'verify',
    '--snapshot',
    'out/cluster.json',
    '--bundles',
    'out/attestations',
    '--key',
    'keys/trailmark.pub',
    '--report',
    `html=${REPORT}`,
  ];
  console.log(`   $ trailmark ${verifyArgs.slice(0, -2).join(' ')} --report html=…`);
  const verified = spawnSync(TRAILMARK, verifyArgs, { cwd: dir, encoding: 'utf8' });
  process.stdout.write(
    `${verified.stdout}${verified.stderr}`
      .split('\n')
      .filter(Boolean)
      .filter((line) => !line.startsWith('snapshot out/cluster.json'))
      .map((line) => `   ${line}\n`)
      .join(''),
  );
  if (verified.status !== 1) {
    throw new DemoStepFailed(`trailmark verify exited ${verified.status}, expected 1`, 1);
  }
  console.log(`   exit 1: the policy fails. HTML evidence report: ${REPORT}`);

  heading(
    '9. trailmark trace: Falco and Alertmanager fire; who owns it, where it came from, who changed it',
  );
  traceAlerts(dir, cluster);
} catch (error) {
  if (!(error instanceof DemoStepFailed)) throw error;
  console.error(error.message);
  process.exitCode = error.exitCode;
} finally {
  rmSync(work, { recursive: true, force: true });
}

function traceAlerts(dir, cluster) {
  const shopPod = cluster.objects.find(
    (o) => o.kind === 'Pod' && o.metadata.ownerReferences?.[0]?.kind === 'ReplicaSet',
  ).metadata.name;
  writeFileSync(join(dir, 'out/falco.jsonl'), falcoShellEvent('shop', shopPod, 'shop'));
  writeFileSync(
    join(dir, 'out/alertmanager.json'),
    crashLoopingPayload('shop', 'shop-redis-master-0', 'redis'),
  );
  const evidence = [
    '--snapshot',
    'out/cluster.json',
    '--bundles',
    'out/attestations',
    '--key',
    'keys/trailmark.pub',
  ];
  for (const [file, note] of [
    ['out/falco.jsonl', 'a shell in the app pod (Falco JSON output)'],
    ['out/alertmanager.json', 'KubePodCrashLooping on the Redis master (Alertmanager webhook)'],
  ]) {
    console.log(
      `\n   ${note}\n   $ trailmark trace ${file} --snapshot out/cluster.json --bundles out/attestations --key keys/trailmark.pub`,
    );
    const traced = spawnSync(TRAILMARK, ['trace', file, ...evidence], {
      cwd: dir,
      encoding: 'utf8',
    });
    process.stdout.write(indentLines(`${traced.stdout}${traced.stderr}`));
    if (traced.status !== 0)
      throw new DemoStepFailed(`trailmark trace exited ${traced.status}`, traced.status ?? 1);
  }
  console.log('\n   the issue it would open for the owners (a dry run: --send sends it)');
  console.log('   $ trailmark trace out/falco.jsonl … --escalate github');
  const planned = spawnSync(
    TRAILMARK,
    ['trace', 'out/falco.jsonl', ...evidence, '--escalate', 'github'],
    { cwd: dir, encoding: 'utf8', env: { ...process.env, GITHUB_TOKEN: '' } },
  );
  if (planned.status !== 0)
    throw new DemoStepFailed(
      `trailmark trace --escalate exited ${planned.status}`,
      planned.status ?? 1,
    );
  const plan = planned.stderr.split('\n').filter((line) => !line.startsWith('trailmark: trace:'));
  process.stdout.write(indentLines(plan.slice(0, 24).join('\n')));
  if (plan.length > 24) console.log(`   …(${plan.length - 24} more lines of the issue body)`);
}

function indentLines(text) {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => `   ${line}\n`)
    .join('');
}

function printSbom(bom) {
  const components = bom.components ?? [];
  const count = (test) => components.filter(test).length;
  console.log(
    `   CycloneDX ${bom.specVersion}, ${bom.metadata.component.name}@${bom.metadata.component.version} (${bom.metadata.component.purl})`,
  );
  console.log(
    `   ${components.length} components: ${count((c) => c.type === 'library')} libraries (${count((c) => c.scope === 'optional')} dev-only, scope optional), ` +
      `${count((c) => c.type === 'container')} container images, ${count((c) => c.purl?.startsWith('pkg:helm/'))} charts; ${bom.dependencies.length} dependency entries`,
  );
  const source = (c) => c.properties?.find((p) => p.name === 'trailmark:source')?.value ?? '';
  for (const c of components
    .filter((c) => c.type !== 'library')
    .concat(components.filter((c) => ['express', 'pino', 'nodemon'].includes(c.name)))) {
    console.log(
      `   ${c.type.padEnd(11)} ${(c.purl ?? `${c.name}:${c.version}`).padEnd(70)} ${source(c)}`,
    );
  }
}

function run(args, cwd, env = {}) {
  const result = spawnSync(TRAILMARK, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  process.stdout.write(
    result.stderr
      .split('\n')
      .filter(Boolean)
      .map((line) => `   ${line}\n`)
      .join(''),
  );
  if (result.status !== 0) {
    throw new DemoStepFailed(`trailmark ${args[0]} exited ${result.status}`, result.status ?? 1);
  }
}

function printObjects(records) {
  const rows = records.objects.map((object) => [
    `${object.kind}/${object.name}`,
    object.source
      ? `${object.source.path}:${object.source.line}${object.source.origin === 'external' ? ` (external ${object.chart.name}@${object.chart.version})` : ''}`
      : '(unknown)',
    object.owners.length > 0 ? object.owners.join(' ') : '(no owners)',
    introducer(object.introducer),
  ]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i].length)));
  for (const row of rows)
    console.log(
      `   ${row
        .slice(0, 3)
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')}  ${row[3]}`,
    );
  const secrets = records.objects.flatMap((object) =>
    object.secretRefs.map(
      (ref) =>
        `   ${object.kind}/${object.name} uses Secret ${ref.name} via ${ref.via}${ref.at ? ` at ${ref.at.path}:${ref.at.line}` : ''}`,
    ),
  );
  if (secrets.length > 0) console.log(`\n${secrets.join('\n')}`);
}

function introducer(who) {
  if (!who) return '(introducer unknown)';
  if (who.via === 'uncommitted') return 'uncommitted change';
  return `${who.name} <${who.email}> ${who.commit.slice(0, 7)}${who.via === 'last-commit' ? ' (last commit)' : ''}`;
}

function heading(text) {
  console.log(`\n== ${text}`);
}
