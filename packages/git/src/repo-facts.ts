import { readHeadFacts, type HeadFacts } from './head-facts.js';
import { chooseRemote } from './remote-list.js';
import { normaliseRemoteUrl } from './remote-url.js';
import type { GitRunner } from './run-git.js';
import type { RepoFacts } from './types.js';

/**
 * Reads commit, ref and remote of the repository at `root` (all optional; none is an error), with
 * two git processes: `head` (one `rev-parse`, see `readHeadFacts`; read now when not given) and
 * `remote -v`. Whatever those cannot answer exactly is asked with the one-fact commands.
 */
export async function readRepoFacts(
  runner: GitRunner,
  root: string,
  head?: HeadFacts,
): Promise<RepoFacts> {
  const [headFacts, remoteUrl] = await Promise.all([
    head ?? readHeadFacts(runner),
    readRemoteUrl(runner),
  ]);
  const [commit, ref, shallow] =
    headFacts === undefined
      ? await Promise.all([readHead(runner), readRef(runner), readShallow(runner)])
      : [
          headFacts.commit,
          headFacts.unborn ? await readRef(runner) : headFacts.ref,
          headFacts.shallow,
        ];
  return {
    root,
    ...(commit === undefined ? {} : { commit }),
    ...(ref === undefined ? {} : { ref }),
    ...(remoteUrl === undefined ? {} : { remoteUrl }),
    ...(shallow ? { shallow } : {}),
  };
}

/** `rev-parse --is-shallow-repository` prints `true` in a shallow clone. */
async function readShallow(runner: GitRunner): Promise<boolean> {
  return (await runner.run(['rev-parse', '--is-shallow-repository'])).trim() === 'true';
}

/** `HEAD`'s commit; `rev-parse -q --verify` exits 1 when there is none yet. */
export async function readHead(runner: GitRunner): Promise<string | undefined> {
  const out = await runner.runAllowing(['rev-parse', '-q', '--verify', 'HEAD^{commit}'], [1]);
  return nonEmpty(out);
}

/** The symbolic ref of `HEAD`; `symbolic-ref -q` exits 1 on a detached `HEAD`. */
async function readRef(runner: GitRunner): Promise<string | undefined> {
  return nonEmpty(await runner.runAllowing(['symbolic-ref', '-q', 'HEAD'], [1]));
}

/** `origin`, or the only remote when there is no `origin`. */
async function readRemoteUrl(runner: GitRunner): Promise<string | undefined> {
  const listing = await runner.runOutcome(['remote', '-v']);
  const choice = listing.exitCode === 0 ? chooseRemote(listing.stdout) : undefined;
  if (choice === undefined) return readRemoteUrlByName(runner);
  if (choice.kind === 'none') return undefined;
  const url = choice.kind === 'url' ? nonEmpty(choice.url) : await readUrlOf(runner, choice.name);
  return url === undefined ? undefined : normaliseRemoteUrl(url);
}

/** `remote get-url`: the remote's first URL, the name itself without one, or an error. */
async function readUrlOf(runner: GitRunner, name: string): Promise<string | undefined> {
  return nonEmpty(await runner.run(['remote', 'get-url', name]));
}

/** `readRemoteUrl` by `git remote` and `git remote get-url`. */
async function readRemoteUrlByName(runner: GitRunner): Promise<string | undefined> {
  const remotes = (await runner.run(['remote'])).split('\n').filter((name) => name !== '');
  const name = remotes.includes('origin')
    ? 'origin'
    : remotes.length === 1
      ? remotes[0]
      : undefined;
  if (name === undefined) return undefined;
  const url = await readUrlOf(runner, name);
  return url === undefined ? undefined : normaliseRemoteUrl(url);
}

function nonEmpty(out: string | undefined): string | undefined {
  const trimmed = out?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}
