import { isSeparatorLine, splitLines } from './lines.js';
import { matchesPattern, toValuePattern, type ValuePattern } from './template-pattern.js';
import {
  EMITTING_KEYWORDS,
  exclusiveBranches,
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
  /**
   * Every top-level `kind:` line: several when `{{ if }}`/`{{ else }}` choose the kind or hold whole
   * documents without a `---` between them; each with the apiVersion and name that render with it.
   */
  kinds: KindSite[];
  apiVersion: ValuePattern | undefined;
  name: ValuePattern | undefined;
  /** `yes`: has YAML content; `maybe`: only actions that may emit a document; `no`: nothing. */
  produces: 'yes' | 'maybe' | 'no';
  /** True when the object's lines sit inside a `range` (the segment may render many times). */
  inRange: boolean;
  /** True when the object's lines sit inside `if`/`with` (the segment may render nothing). */
  conditional: boolean;
}

/** One top-level `kind:` line of a template document, with the lines that can render with it. */
export interface KindSite {
  line: number;
  pattern: ValuePattern;
  /** The `apiVersion:` outside branches exclusive with the `kind:` line's. */
  apiVersion: ValuePattern | undefined;
  /** The `metadata.name` outside branches exclusive with the `kind:` line's. */
  name: ValuePattern | undefined;
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
    kinds: kindSites(lines, from, to),
    apiVersion: valueAt(lines, apiAt),
    name: valueAt(lines, nameAt),
    produces: contentAt !== undefined ? 'yes' : emits(lines, from, to) ? 'maybe' : 'no',
    inRange: anchor?.blocks.includes('range') ?? false,
    conditional: anchor?.blocks.some((block) => block === 'if' || block === 'with') ?? false,
  };
}

function kindSites(lines: readonly TemplateLine[], from: number, to: number): KindSite[] {
  const kinds = findAll(lines, from, to, (line) => !line.startsInAction && isKey(line, 'kind'));
  return kinds.map((at) => {
    const branches = lines[at]?.branches ?? [];
    const along = (line: TemplateLine): boolean => !exclusiveBranches(branches, line.branches);
    return {
      line: at + 1,
      pattern: valueAt(lines, at) ?? toValuePattern(''),
      apiVersion: valueAt(lines, findTopLevelKey(lines, from, to, 'apiVersion', along)),
      name: valueAt(lines, findMetadataName(lines, from, to, along)),
    };
  });
}

function isKey(line: TemplateLine, key: string): boolean {
  return line.text.startsWith(`${key}:`);
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
  along: (line: TemplateLine) => boolean = () => true,
): number | undefined {
  return findFirst(
    lines,
    from,
    to,
    (line) => !line.startsInAction && isKey(line, key) && along(line),
  );
}

/** The top-level `metadata:`'s `name:` line, among the lines `along` accepts. */
function findMetadataName(
  lines: readonly TemplateLine[],
  from: number,
  to: number,
  along: (line: TemplateLine) => boolean = () => true,
): number | undefined {
  const metadata = findFirst(
    lines,
    from,
    to,
    (line) => !line.startsInAction && /^metadata:\s*(#.*)?$/.test(line.text) && along(line),
  );
  if (metadata === undefined) return undefined;
  let childIndent: number | undefined;
  for (let i = metadata + 1; i <= to; i++) {
    const line = lines[i];
    if (!line || line.content === '' || !along(line)) continue;
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
