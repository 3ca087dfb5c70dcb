import type { getOctokit } from '@actions/github';
import { describe, expect, it } from 'vitest';
import created from '../../testing/fixtures/github/issue-created.json' with { type: 'json' };
import comment from '../../testing/fixtures/github/issue-comment-created.json' with { type: 'json' };
import search from '../../testing/fixtures/github/search-issues.json' with { type: 'json' };

// The fake GitHub's issue payloads must have the shape octokit's generated types (from GitHub's
// OpenAPI description) give these endpoints: the assignments fail `tsc` when a required field is
// missing or mistyped. String unions (`author_association`, `state_reason`), which JSON imports
// widen to string, are checked at run time.

type Octokit = ReturnType<typeof getOctokit>;
type Data<F extends (...args: never[]) => Promise<{ data: unknown }>> = Awaited<
  ReturnType<F>
>['data'];
type Unions = 'author_association' | 'state_reason';
type Created = Omit<Data<Octokit['rest']['issues']['create']>, Unions>;
type Comment = Omit<Data<Octokit['rest']['issues']['createComment']>, Unions>;
type Search = Data<Octokit['rest']['search']['issuesAndPullRequests']>;
type SearchItem = Omit<Search['items'][number], Unions>;

describe('fake GitHub issue fixtures', () => {
  it('match octokit types for their endpoints', () => {
    const typedCreated: Created = created;
    const typedComment: Comment = comment;
    const typedItems: SearchItem[] = search.items;
    expect(typedCreated.number).toBe(1);
    expect(typedComment.html_url).toContain('#issuecomment-');
    expect(typedItems).toHaveLength(search.total_count);
    for (const item of [created, comment, ...search.items])
      expect(['MEMBER', 'NONE', 'OWNER', 'CONTRIBUTOR', 'COLLABORATOR']).toContain(
        item.author_association,
      );
  });
});
