import { createGitClient, type GitClient, type RepoFacts } from '@trailmark/git';

/** The git client and repository facts of `cwd`; a warning (and undefined) outside a repository. */
export async function openRepository(
  cwd: string,
  warnings: string[],
): Promise<{ git: GitClient | undefined; facts: RepoFacts | undefined }> {
  try {
    const git = await createGitClient({ cwd });
    const facts = await git.readRepoFacts();
    if (facts.shallow)
      warnings.push(
        'shallow clone: blame credits the clone boundary for older lines (use fetch-depth: 0)',
      );
    return { git, facts };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    warnings.push(`${reason}: repository, commit and introducer left out`);
    return { git: undefined, facts: undefined };
  }
}
