import type { FakeAnswer, RecordedRequest } from './fake-github.js';
import { commentObject } from './fake-github-issue-objects.js';
import type { FakeIssue } from './fake-github-issues.js';

/**
 * `GET /repos/{o}/{r}/issues/{n}/comments`: the issue's comments, oldest first, paginated, each
 * with the id and `html_url` it was created with.
 */
export function listComments(
  request: RecordedRequest,
  name: string,
  issue: FakeIssue,
  template: Record<string, unknown>,
  page: (request: RecordedRequest, items: unknown[]) => FakeAnswer,
): FakeAnswer {
  const items = issue.comments.map((text, index) =>
    commentObject(template, name, { ...issue, comments: issue.comments.slice(0, index + 1) }, text),
  );
  return page(request, items);
}
