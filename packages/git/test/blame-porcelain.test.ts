import { describe, expect, it } from 'vitest';
import { parseBlamePorcelain } from '../src/blame-porcelain.js';

const ALICE = 'a'.repeat(40);
const ZERO = '0'.repeat(40);

function commitHeader(
  sha: string,
  final: number,
  author: string,
  time: number,
  count?: number,
): string[] {
  return [
    `${sha} ${final} ${final}${count === undefined ? '' : ` ${count}`}`,
    `author ${author}`,
    `author-mail <${author.toLowerCase()}@example.com>`,
    `author-time ${time}`,
    'author-tz +0200',
    `summary change by ${author}`,
    'filename deploy.yaml',
  ];
}

describe('parseBlamePorcelain', () => {
  it('reads metadata once per commit and attributes every line', () => {
    const output = [
      ...commitHeader(ALICE, 1, 'Alice', 1_700_000_000, 2),
      '\tkind: Deployment',
      `${ALICE} 2 2`,
      '\tauthor fake-key-in-content',
      ...commitHeader(ZERO, 3, 'Not Committed Yet', 1_800_000_000, 1),
      '\t\tindented',
      '',
    ].join('\n');
    const lines = parseBlamePorcelain(output, 'deploy.yaml');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toEqual({
      commit: ALICE,
      name: 'Alice',
      email: 'alice@example.com',
      date: '2023-11-14T22:13:20Z',
      uncommitted: false,
    });
    expect(lines[1]).toBe(lines[0]);
    expect(lines[2]).toMatchObject({ commit: ZERO, uncommitted: true });
  });

  it('gives no lines for an empty file', () => {
    expect(parseBlamePorcelain('', 'empty.yaml')).toEqual([]);
  });

  it('refuses output that is not porcelain, without echoing it', () => {
    const run = (): unknown => parseBlamePorcelain('password: hunter2\n', 'secret.yaml');
    expect(run).toThrow(expect.objectContaining({ code: 'GIT_COMMAND_FAILED' }) as Error);
    expect(run).toThrow(/secret\.yaml/);
    expect(run).not.toThrow(/hunter2/);
  });

  it('parses 100k lines from 1,000 commits in linear time', () => {
    const parts: string[] = [];
    for (let line = 1; line <= 100_000; line++) {
      const sha = (line % 1000).toString(16).padStart(40, '0').replace(/^0/, 'f');
      const header =
        line <= 1000
          ? commitHeader(sha, line, `Author${line % 1000}`, line)
          : [`${sha} ${line} ${line}`];
      parts.push(...header, `\tline ${line}`);
    }
    const started = performance.now();
    const lines = parseBlamePorcelain(parts.join('\n'), 'big.yaml');
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(lines).toHaveLength(100_000);
    expect(lines[99_999]?.name).toBe('Author0');
    expect(lines[1_233]?.name).toBe('Author234');
  });
});
