import type { SourceLocation } from '@trailmark/core';
import { scoreSegment } from './align.js';
import { includedPaths, type IncludeSite } from './included-files.js';
import type { GroupObject } from './site-choice.js';
import { branchVerdict, type ValuesLookup } from './template-condition.js';
import { coverage, siteLiterals } from './template-content.js';
import { exclusiveBranches } from './template-scan.js';
import {
  indexTemplate,
  kindLineFor,
  type TemplateIndex,
  type TemplateSegment,
} from './template.js';

/** A chart file a template may include whole, with the template lines that include it. */
export interface IncludedFile {
  path: string;
  index: TemplateIndex;
  sites: IncludeSite[];
}

/** An object found to be the content of an included file. */
export interface IncludedMatch {
  file: IncludedFile;
  segment: TemplateSegment;
  line: number;
}

/** Share of the file's literal lines the document must contain. */
const MIN_COVERAGE = 0.8;

/** The files a template's include sites name, read from `files` (texts) and `listing` (for globs). */
export function includedFiles(
  sites: readonly IncludeSite[],
  chartDir: string,
  files: ReadonlyMap<string, string | undefined>,
  listing: readonly string[],
): IncludedFile[] {
  const byPath = new Map<string, IncludeSite[]>();
  for (const site of sites)
    for (const path of includedPaths(site, chartDir, listing))
      byPath.set(path, [...(byPath.get(path) ?? []), site]);
  const out: IncludedFile[] = [];
  for (const [path, named] of byPath) {
    const text = files.get(path);
    if (text !== undefined) out.push({ path, index: indexTemplate(text), sites: named });
  }
  return out;
}

/**
 * The included file (and its document) whose content the rendered object is: kind and name fit,
 * and the object's body holds at least {@link MIN_COVERAGE} of the file document's literal lines,
 * which also make up at least half of the body (so a ConfigMap embedding a file is not matched).
 */
export function matchIncluded(
  object: GroupObject,
  candidates: readonly IncludedFile[],
): IncludedMatch | undefined {
  let best: (IncludedMatch & { share: number }) | undefined;
  for (const file of candidates) {
    for (const segment of file.index.segments) {
      if (scoreSegment(object.head, segment, { nameAffixes: true }) <= 1) continue;
      const line = kindLineFor(segment, object.head.kind) ?? segment.startLine;
      const literals = siteLiterals(file.index, segment, line);
      const lines = object.lines();
      const share = coverage(literals, lines);
      const found = literals.filter((literal) => lines.has(literal)).length;
      if (share < MIN_COVERAGE || found * 2 < lines.size) continue;
      if (!best || share > best.share) best = { file, segment, line, share };
    }
  }
  return best && { file: best.file, segment: best.segment, line: best.line };
}

/**
 * Which include site pulled the file in, when several name it (an `if` and its `else`): one not
 * exclusive with the lines the template's other objects came from, then one the known values
 * select, then the first.
 */
export function chooseVia(
  match: IncludedMatch,
  templatePath: string,
  index: TemplateIndex,
  usedLines: readonly number[],
  lookup: ValuesLookup | undefined,
): SourceLocation {
  const branchesOf = (line: number): string[] => index.lines[line - 1]?.branches ?? [];
  const rank = (site: IncludeSite): number => {
    const clash = usedLines.some((used) =>
      exclusiveBranches(branchesOf(used), branchesOf(site.line)),
    );
    const verdict = lookup ? branchVerdict(index, site.line, lookup) : 0;
    return (clash ? -10 : 0) + verdict;
  };
  let best = match.file.sites[0];
  for (const site of match.file.sites) if (best && rank(site) > rank(best)) best = site;
  return { path: templatePath, line: best?.line ?? 1 };
}
