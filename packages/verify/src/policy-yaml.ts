import { foreignCause } from '@trailmark/core';
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { VerifyError } from './error.js';

/** A YAML node of the policy file with what is needed to report on it (file:line). */
export class PolicyNode {
  constructor(
    readonly node: Node | null,
    readonly path: string,
    private readonly file: string,
    private readonly lines: LineCounter,
    private readonly fallbackLine = 1,
  ) {}

  /** Parses the policy text; YAML syntax errors name file:line. */
  static parse(text: string, file: string): PolicyNode {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
    const error = doc.errors[0];
    if (error !== undefined) {
      const line = error.linePos?.[0].line ?? 1;
      const reason = (error.message.split('\n')[0] ?? 'invalid YAML').replace(
        / at line \d+, column \d+:?$/,
        '',
      );
      throw new VerifyError('VERIFY_INVALID_POLICY', `${file}:${line}: ${reason}`, {
        location: { path: file, line },
        cause: foreignCause(error),
      });
    }
    return new PolicyNode(doc.contents, '', file, lines);
  }

  /** 1-based line of this node (of its parent's key when the node is empty). */
  get line(): number {
    const offset = this.node?.range?.[0];
    return offset === undefined ? this.fallbackLine : this.lines.linePos(offset).line;
  }

  /** An error naming file:line and the member path. */
  fail(problem: string): VerifyError {
    const where = this.path === '' ? '' : `${this.path}: `;
    return new VerifyError(
      'VERIFY_INVALID_POLICY',
      `${this.file}:${this.line}: ${where}${problem}`,
      {
        location: { path: this.file, line: this.line },
      },
    );
  }

  /** The members of a mapping, refusing keys outside `known`. Null/empty → empty map. */
  mapping(known: readonly string[]): Map<string, PolicyNode> {
    const out = new Map<string, PolicyNode>();
    if (this.node === null || (isScalar(this.node) && this.node.value === null)) return out;
    if (!isMap(this.node)) throw this.fail('expected a mapping');
    for (const pair of this.node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const keyLine =
        isScalar(pair.key) && pair.key.range
          ? this.lines.linePos(pair.key.range[0]).line
          : this.line;
      const child = new PolicyNode(
        pair.value as Node | null,
        this.path === '' ? key : `${this.path}.${key}`,
        this.file,
        this.lines,
        keyLine,
      );
      if (!known.includes(key))
        throw child.fail(`unknown member (expected one of: ${known.join(', ')})`);
      out.set(key, child);
    }
    return out;
  }

  /** The items of a sequence. Null → empty. */
  sequence(): PolicyNode[] {
    if (this.node === null || (isScalar(this.node) && this.node.value === null)) return [];
    if (!isSeq(this.node)) throw this.fail('expected a list');
    return this.node.items.map(
      (item, i) =>
        new PolicyNode(item as Node | null, `${this.path}[${i}]`, this.file, this.lines, this.line),
    );
  }

  /** A non-empty string scalar. */
  string(): string {
    if (
      !isScalar(this.node) ||
      typeof this.node.value !== 'string' ||
      this.node.value.trim() === ''
    )
      throw this.fail('expected a non-empty string');
    return this.node.value;
  }

  /** A list of non-empty strings. */
  strings(): string[] {
    return this.sequence().map((item) => item.string());
  }
}
