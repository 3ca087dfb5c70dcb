import type { SecretVia } from '@trailmark/core';
import type { TemplateIndex, TemplateSegment } from './template.js';
import { matchesPattern, toValuePattern } from './template-pattern.js';

/** Lines of a template document that may hold a reference, with the name written there. */
interface Candidate {
  line: number;
  /** The `name:` value (template text) belonging to the reference, if written in the template. */
  nameText: string | undefined;
}

const KEY_OF: Record<SecretVia, RegExp> = {
  env: /^\s*(?:-\s+)?secretKeyRef:\s*$/,
  envFrom: /^\s*(?:-\s+)?secretRef:\s*$/,
  volume: /^\s*(?:-\s+)?secretName:\s*(.*)$/,
  projected: /^\s*(?:-\s+)?secret:\s*$/,
  imagePullSecrets: /^\s*imagePullSecrets:\s*(.*)$/,
};

/**
 * Finds the template line that references a Secret by `name` via `via`: the `name:` (or
 * `secretName:`) line whose template value can render to that name, preferring the most literal
 * match. Returns the reference's key line when the name itself comes from elsewhere (`toYaml`,
 * `include`), and undefined when the template does not mention such a reference at all.
 */
export function findSecretLine(
  index: TemplateIndex,
  segment: TemplateSegment,
  name: string,
  via: SecretVia,
  container?: string,
): { line: number; exact: boolean } | undefined {
  const candidates = secretCandidates(index, containerScope(index, segment, container), via);
  return pickCandidate(candidates, name);
}

/** Finds the `serviceAccountName:` line of a template document. */
export function findServiceAccountLine(
  index: TemplateIndex,
  segment: TemplateSegment,
  name: string,
): { line: number; exact: boolean } | undefined {
  const candidates: Candidate[] = [];
  forLines(index, segment, (text, line) => {
    const match = /^\s*serviceAccount(?:Name)?:\s*(.*)$/.exec(text);
    if (match) candidates.push({ line, nameText: match[1] });
  });
  return pickCandidate(candidates, name);
}

/** Finds the `image:` line of a template document that can render to `image`. */
export function findImageLine(
  index: TemplateIndex,
  segment: TemplateSegment,
  image: string,
  container?: string,
): { line: number; exact: boolean } | undefined {
  const candidates: Candidate[] = [];
  forLines(index, containerScope(index, segment, container), (text, line) => {
    const match = /^\s*(?:-\s+)?image:\s*(.+)$/.exec(text);
    if (match) candidates.push({ line, nameText: match[1] });
  });
  return pickCandidate(candidates, image);
}

/** Lines a reference of `container` may sit on: that container's list item, when it can be found. */
type Scope = Pick<TemplateSegment, 'startLine' | 'endLine'>;

/**
 * The lines of the container item (`- name: web` under `containers:`) that can render `container`,
 * so that a reference is never credited to another container's line; the whole document when the
 * item cannot be found (e.g. the containers come from an include).
 */
export function containerScope(
  index: TemplateIndex,
  segment: TemplateSegment,
  container: string | undefined,
): Scope {
  if (container === undefined) return segment;
  let best: { line: number; indent: number; literal: number } | undefined;
  forLines(index, segment, (text, line) => {
    const match = /^(\s*)-\s+name:\s*(.+)$/.exec(text);
    if (!match || !CONTAINER_LISTS.test(parentKey(index, segment, line, match[1]?.length ?? 0)))
      return;
    const pattern = toValuePattern(match[2] ?? '');
    if (matchesPattern(pattern, container) && (!best || pattern.literalChars > best.literal)) {
      best = { line, indent: match[1]?.length ?? 0, literal: pattern.literalChars };
    }
  });
  if (!best) return segment;
  let end = best.line;
  for (let n = best.line + 1; n <= segment.endLine; n++) {
    const line = index.lines[n - 1];
    if (!line || line.content === '') continue;
    if (indentOf(line.text) <= best.indent) break;
    end = n;
  }
  return { startLine: best.line, endLine: end };
}

const CONTAINER_LISTS = /^(?:initContainers|containers|ephemeralContainers)$/;

function parentKey(
  index: TemplateIndex,
  segment: TemplateSegment,
  line: number,
  dashIndent: number,
): string {
  for (let n = line - 1; n >= segment.startLine; n--) {
    const text = index.lines[n - 1]?.text ?? '';
    if (index.lines[n - 1]?.content === '' || text.trimStart().startsWith('-')) continue;
    if (indentOf(text) <= dashIndent) return /^\s*([\w.-]+):\s*(?:#.*)?$/.exec(text)?.[1] ?? '';
  }
  return '';
}

function secretCandidates(index: TemplateIndex, segment: Scope, via: SecretVia): Candidate[] {
  const out: Candidate[] = [];
  const key = KEY_OF[via];
  const lines = index.lines;
  forLines(index, segment, (text, line) => {
    const match = key.exec(text);
    if (!match) return;
    const inline = match[1]?.trim();
    if (via === 'volume') {
      out.push({ line, nameText: inline });
      return;
    }
    const names = namesBelow(lines, line, segment.endLine, indentOf(text));
    if (names.length === 0) out.push({ line, nameText: undefined });
    out.push(...names);
  });
  return out;
}

function namesBelow(
  lines: TemplateIndex['lines'],
  keyLine: number,
  endLine: number,
  keyIndent: number,
): Candidate[] {
  const out: Candidate[] = [];
  for (let n = keyLine + 1; n <= endLine; n++) {
    const text = lines[n - 1]?.text ?? '';
    if (text.trim() === '' || text.trim().startsWith('{{')) continue;
    if (indentOf(text) <= keyIndent && !text.trimStart().startsWith('-')) break;
    if (indentOf(text) < keyIndent) break;
    const match = /^\s*(?:-\s+)?name:\s*(.+)$/.exec(text);
    if (match) out.push({ line: n, nameText: match[1] });
  }
  return out;
}

function pickCandidate(
  candidates: readonly Candidate[],
  name: string,
): { line: number; exact: boolean } | undefined {
  let best: { line: number; literal: number } | undefined;
  for (const candidate of candidates) {
    if (candidate.nameText === undefined || candidate.nameText === '') continue;
    const pattern = toValuePattern(candidate.nameText);
    if (matchesPattern(pattern, name) && (!best || pattern.literalChars > best.literal)) {
      best = { line: candidate.line, literal: pattern.literalChars };
    }
  }
  if (best) return { line: best.line, exact: true };
  const first = candidates[0];
  return first ? { line: first.line, exact: false } : undefined;
}

function forLines(
  index: TemplateIndex,
  segment: Scope,
  visit: (text: string, line: number) => void,
): void {
  for (let n = segment.startLine; n <= segment.endLine; n++) {
    const line = index.lines[n - 1];
    if (line && !line.startsInAction) visit(line.text, n);
  }
}

function indentOf(text: string): number {
  return text.length - text.trimStart().length;
}
