import { isSeparatorLine, splitLines } from './lines.js';
import { matchesPattern, toValuePattern, type ValuePattern } from './template-pattern.js';
import {
  EMITTING_KEYWORDS,
  scanTemplate,
  type BlockConditions,
  type TemplateLine,
} from './template-scan.js';

/** One template document: the text between template-level `---` separators. */
export interface TemplateSegment {
  index: number;
  /** 1-based first line: 1 for the first segment, else the line after its `---`. */
  startLine: number;
  /** 1-based last line (inclusive). */
  endLine: number;
  /** Line of the `---` that opens the segment, if any. */
  separatorLine: number | undefined;
  /** First line with YAML content (not blank, comment or action-only). */
  firstContentLine: number | undefined;
  /** Line of the top-level `kind:` key. */
  kindLine: number | undefined;
  kind: ValuePattern | undefined;
  /** Every top-level `kind:` line: several when `{{ if }}`/`{{ else }}` lines choose the kind. */
  kinds: { line: number; pattern: ValuePattern }[];
  apiVersion: ValuePattern | undefined;
  name: ValuePattern | undefined;
  /** `yes`: has YAML content; `maybe`: only actions that may emit a document; `no`: nothing. */
  produces: 'yes' | 'maybe' | 'no';
  /** True when the object's lines sit inside a `range` (the segment may render many times). */
  inRange: boolean;
  /** True when the object's lines sit inside `if`/`with` (the segment may render nothing). */
  conditional: boolean;
}

/** A template (or plain manifest) file split into documents, with what each document declares. */
export interface TemplateIndex {
  lines: TemplateLine[];
  segments: TemplateSegment[];
  /** Each conditional block's branch conditions (see {@link TemplateLine.branches}). */
  conditions: BlockConditions;
}

/** Splits a template into its documents and reads each one's kind, apiVersion and name lines. */
export function indexTemplate(text: string): TemplateIndex {
  const conditions: BlockConditions = new Map();
  const lines = scanTemplate(
    splitLines(text.startsWith('\uFEFF') ? text.slice(1) : text),
    conditions,
  );
  const segments: TemplateSegment[] = [];
  let start = 0;
  let separator: number | undefined;
  lines.forEach((line, i) => {
    if (!line.startsInAction && isSeparatorLine(line.text) && line.keywords.length === 0) {
      segments.push(toSegment(lines, segments.length, start, i - 1, separator));
      start = i + 1;
      separator = i + 1;
    }
  });
  segments.push(toSegment(lines, segments.length, start, lines.length - 1, separator));
  return { lines, segments, conditions };
}

function toSegment(
  lines: readonly TemplateLine[],
  index: number,
  from: number,
  to: number,
  separatorLine: number | undefined,
): TemplateSegment {
  const kindAt = findTopLevelKey(lines, from, to, 'kind');
  const apiAt = findTopLevelKey(lines, from, to, 'apiVersion');
  const nameAt = findMetadataName(lines, from, to);
  const contentAt = findFirst(lines, from, to, (line) => line.content !== '');
  const anchor = lines[kindAt ?? contentAt ?? from];
  return {
    index,
    startLine: from + 1,
    endLine: to + 1,
    separatorLine,
    firstContentLine: contentAt === undefined ? undefined : contentAt + 1,
    kindLine: kindAt === undefined ? undefined : kindAt + 1,
    kind: valueAt(lines, kindAt),
    kinds: findAll(
      lines,
      from,
      to,
      (line) => !line.startsInAction && line.text.startsWith('kind:'),
    ).map((at) => ({ line: at + 1, pattern: valueAt(lines, at) ?? toValuePattern('') })),
    apiVersion: valueAt(lines, apiAt),
    name: valueAt(lines, nameAt),
    produces: contentAt !== undefined ? 'yes' : emits(lines, from, to) ? 'maybe' : 'no',
    inRange: anchor?.blocks.includes('range') ?? false,
    conditional: anchor?.blocks.some((block) => block === 'if' || block === 'with') ?? false,
  };
}

function findFirst(
  lines: readonly TemplateLine[],
  from: number,
  to: number,
  test: (line: TemplateLine) => boolean,
): number | undefined {
  for (let i = from; i <= to; i++) {
    const line = lines[i];
    if (line && test(line)) return i;
  }
  return undefined;
}

function findAll(
  lines: readonly TemplateLine[],
  from: number,
  to: number,
  test: (line: TemplateLine) => boolean,
): number[] {
  const out: number[] = [];
  for (let i = from; i <= to; i++) {
    const line = lines[i];
    if (line && test(line)) out.push(i);
  }
  return out;
}

/** The line of the `kind:` alternative that renders `kind` (the first one when none or one does). */
export function kindLineFor(segment: TemplateSegment, kind: string): number | undefined {
  const match = segment.kinds.find((alternative) => matchesPattern(alternative.pattern, kind));
  return match?.line ?? segment.kindLine;
}

function findTopLevelKey(
  lines: readonly TemplateLine[],
  from: number,
  to: number,
  key: string,
): number | undefined {
  const prefix = `${key}:`;
  return findFirst(lines, from, to, (line) => !line.startsInAction && line.text.startsWith(prefix));
}

function findMetadataName(
  lines: readonly TemplateLine[],
  from: number,
  to: number,
): number | undefined {
  const metadata = findFirst(
    lines,
    from,
    to,
    (line) => !line.startsInAction && /^metadata:\s*(#.*)?$/.test(line.text),
  );
  if (metadata === undefined) return undefined;
  let childIndent: number | undefined;
  for (let i = metadata + 1; i <= to; i++) {
    const line = lines[i];
    if (!line || line.content === '') continue;
    const indent = line.text.length - line.text.trimStart().length;
    if (indent === 0) return undefined;
    childIndent ??= indent;
    if (indent === childIndent && /^\s*name:/.test(line.text)) return i;
  }
  return undefined;
}

function valueAt(lines: readonly TemplateLine[], at: number | undefined): ValuePattern | undefined {
  if (at === undefined) return undefined;
  const text = lines[at]?.text ?? '';
  return toValuePattern(text.slice(text.indexOf(':') + 1));
}

function emits(lines: readonly TemplateLine[], from: number, to: number): boolean {
  for (let i = from; i <= to; i++) {
    if (lines[i]?.keywords.some((keyword) => EMITTING_KEYWORDS.has(keyword))) return true;
  }
  return false;
}
