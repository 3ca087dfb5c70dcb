import type { getOctokit } from '@actions/github';
import { describe, expect, it } from 'vitest';
import issue from '../../testing/fixtures/github/issue-created.json' with { type: 'json' };
import comment from '../../testing/fixtures/github/issue-comment-created.json' with { type: 'json' };
import search from '../../testing/fixtures/github/search-issues.json' with { type: 'json' };

// The fake's issue payloads must have the shape octokit's generated types give these endpoints:
// the assignments fail `tsc` when a required field is missing or mistyped. String unions that JSON
// imports widen (`author_association`, `state_reason`) are checked at run time.

type Octokit = ReturnType<typeof getOctokit>;
type Data<F extends (...args: never[]) => Promise<{ data: unknown }>> = Awaited<
  ReturnType<F>
>['data'];
type Issue = Data<Octokit['rest']['issues']['create']>;
type Comment = Data<Octokit['rest']['issues']['createComment']>;
type Search = Data<Octokit['rest']['search']['issuesAndPullRequests']>;
type Loose<T> = Omit<T, 'author_association' | 'state_reason' | 'type'>;

describe('fake GitHub issue fixtures', () => {
  it('match octokit types for create issue, create comment and search issues', () => {
    const typedIssue: Loose<Issue> = issue;
    const typedComment: Omit<Comment, 'author_association'> = comment;
    const typedSearch: Omit<Search, 'items'> & { items: Loose<Search['items'][number]>[] } = search;
    expect(typedIssue.number).toBe(1);
    expect(typedComment.html_url).toContain('#issuecomment-');
    expect(typedSearch.items[0]?.score).toBeTypeOf('number');
    expect(issue.author_association).toBe('NONE');
    expect(comment.author_association).toBe('NONE');
    expect(issue.state_reason).toBeNull();
  });
});
