// Makes sure the Debian packages the test suite runs for real are present before any test
// starts: `docker-registry` (the OCI tests start their own registry on 127.0.0.1),
// `kubernetes-client` (kubectl against the fake Kubernetes API), `python3-securesystemslib`
// (the independent DSSE check, run with Debian's /usr/bin/python3), `chromium` (the HTML
// report opened headless through playwright-core, never a downloaded browser) and `postgresql`
// (the outbox tests start their own server).
// As root, or with password-less sudo, it installs them with apt-get; otherwise it names exactly
// the command to run and fails before the suite starts. Shared by `pnpm test` and `.ci/run`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const PACKAGES = [
  { name: 'docker-registry', present: () => existsSync('/usr/bin/docker-registry') },
  // `kubectl`, run against the fake Kubernetes API (packages/kube/test/kubectl-interop.test.ts).
  // Debian bookworm ships it as `kubernetes-client`; any /usr/bin/kubectl will do.
  { name: 'kubernetes-client', present: () => existsSync('/usr/bin/kubectl') },
  {
    name: 'python3-securesystemslib',
    present: () =>
      spawnSync('/usr/bin/python3', ['-c', 'import securesystemslib.signer'], { stdio: 'ignore' })
        .status === 0,
  },
  { name: 'chromium', present: () => existsSync('/usr/bin/chromium') },
  // PostgreSQL for the outbox of `trailmark serve` (packages/store/test): the tests run their own
  // server from /usr/lib/postgresql/<version>/bin (packages/testing/src/postgres.ts).
  { name: 'postgresql', present: postgresInstalled },
];

function postgresInstalled() {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return false;
  return readdirSync(root).some((version) => existsSync(`${root}/${version}/bin/postgres`));
}

const missing = PACKAGES.filter((pkg) => !pkg.present()).map((pkg) => pkg.name);
if (missing.length > 0) install(missing);

function install(names) {
  const command = `apt-get update && apt-get install -y ${names.join(' ')}`;
  const prefix = howToBeRoot();
  if (prefix === undefined) {
    fail(
      `the tests need the Debian packages ${names.join(', ')}; install them with:\n` +
        `  sudo sh -c '${command}'\n(then run the test command again)`,
    );
    return;
  }
  console.error(`trailmark tests: installing ${names.join(', ')} (apt-get)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', ...names],
  ]) {
    // apt's progress is noise on success; it is shown only when the step fails.
    const result = spawnSync(...withPrefix(prefix, 'apt-get', args), { encoding: 'utf8', env });
    if (result.status !== 0) {
      process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
      fail(
        `\`apt-get ${args.join(' ')}\` failed (exit ${result.status}); run yourself: ${command}`,
      );
      return;
    }
  }
  const still = PACKAGES.filter((pkg) => names.includes(pkg.name) && !pkg.present());
  if (still.length > 0)
    fail(`installed, but still missing: ${still.map((p) => p.name).join(', ')}`);
}

// '' as root, 'sudo' when sudo works without a password, undefined when neither.
function howToBeRoot() {
  if (process.getuid?.() === 0) return '';
  const sudo = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' });
  return sudo.status === 0 ? 'sudo' : undefined;
}

function withPrefix(prefix, command, args) {
  return prefix === '' ? [command, args] : [prefix, ['-E', command, ...args]];
}

function fail(message) {
  console.error(`trailmark tests: ${message}`);
  process.exitCode = 1;
}
