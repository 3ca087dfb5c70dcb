import type { HintedObject } from './hints.js';
import { findIncludeSites } from './included-files.js';
import { chooseVia, includedFiles, matchIncluded, type IncludedMatch } from './included-match.js';
import type { FileTarget, LocateInput, ObjectLocation, Target } from './locate.js';
import { chooseSites, type GroupObject, type SiteChoice } from './site-choice.js';
import { documentLines } from './template-content.js';
import { indexTemplate, type TemplateIndex } from './template.js';
import { valuesLookup } from './values-lookup.js';

/**
 * Locates the objects of one stream that name one template file: included chart files first (by
 * content), then template documents (kind, name, content), then the fallbacks of docs/stamp.md.
 */
export function locateGroup(
  members: readonly number[],
  input: LocateInput,
  targets: readonly Target[],
  locations: ObjectLocation[],
): void {
  const target = targets[members[0] ?? 0];
  if (target?.kind !== 'file') return;
  const text = input.files.get(target.path);
  if (text === undefined) {
    for (const i of members) {
      const location = locations[i];
      if (!location) continue;
      location.source = { path: target.path, line: 1, origin: target.origin, match: 'first-line' };
      location.warnings.push(
        `template ${target.path} not found in the repository; source is its line 1`,
      );
    }
    return;
  }
  const index = indexTemplate(text);
  const lookup = input.values ? valuesLookup(input.values, target.chain) : undefined;
  const objects = members.map((i) => groupObject(input, i));
  const candidates = target.chart
    ? includedFiles(findIncludeSites(index), target.chart.dir, input.files, input.chartFiles ?? [])
    : [];
  const included = objects.map((object) => matchIncluded(object, candidates));
  const rest = objects.flatMap((object, k) => (included[k] ? [] : [k]));
  const chosen = chooseSites(
    rest.map((k) => objects[k] as GroupObject),
    index,
    lookup,
  );
  const choices = new Map<number, SiteChoice | undefined>(rest.map((k, n) => [k, chosen[n]]));
  // Lines the file's objects surely came from: their documents, and the include sites of files
  // only one line includes (a file two sites include takes the one consistent with these).
  const usedLines = [
    ...[...choices.values()].flatMap((choice) => (choice ? [choice.line] : [])),
    ...included.flatMap((match) =>
      match?.file.sites.length === 1 && match.file.sites[0] ? [match.file.sites[0].line] : [],
    ),
  ];
  members.forEach((i, k) => {
    const location = locations[i];
    if (!location) return;
    const match = included[k];
    if (match) placeIncluded(location, match, target, index, usedLines, lookup);
    else placeChoice(location, choices.get(k), target, index, input.objects[i], input);
  });
}

function groupObject(input: LocateInput, i: number): GroupObject {
  const hinted = input.objects[i] as HintedObject;
  let lines: ReadonlySet<string> | undefined;
  return {
    head: hinted.object,
    lines: () => (lines ??= documentLines(documentText(input, hinted))),
    renames: !(hinted.hint.kind === 'helm' && hinted.hint.inherited),
  };
}

function documentText(input: LocateInput, hinted: HintedObject): string {
  const stream = input.streams?.[hinted.stream];
  const doc = stream?.documents[hinted.document];
  return stream && doc ? stream.text.slice(doc.start, doc.end) : '';
}

function placeIncluded(
  location: ObjectLocation,
  match: IncludedMatch,
  target: FileTarget,
  index: TemplateIndex,
  usedLines: readonly number[],
  lookup: ReturnType<typeof valuesLookup> | undefined,
): void {
  location.source = {
    path: match.file.path,
    line: match.line,
    origin: target.origin,
    match: 'included-file',
    via: chooseVia(match, target.path, index, usedLines, lookup),
  };
  location.template = { path: match.file.path, index: match.file.index, segment: match.segment };
}

function placeChoice(
  location: ObjectLocation,
  choice: SiteChoice | undefined,
  target: FileTarget,
  index: TemplateIndex,
  hinted: HintedObject | undefined,
  input: LocateInput,
): void {
  if (choice) {
    location.source = {
      path: target.path,
      line: choice.line,
      origin: target.origin,
      match: choice.match,
    };
    location.template = { path: target.path, index, segment: choice.segment };
    return;
  }
  const streamPath = hinted ? input.streamPaths[hinted.stream] : undefined;
  if (target.fallbackPlain && hinted && streamPath !== undefined) {
    // Helm 2 inherits Source comments; an object that fits no document of that template was added to
    // the stream by other means (e.g. concatenated CRDs), so the stream file itself is its source.
    location.source = { path: streamPath, line: hinted.object.kindLine, origin: 'plain' };
    location.chart = undefined;
    location.chain = [];
    return;
  }
  firstLine(location, target, index, hinted);
}

/** Nothing fits: the stream still names the file, so the object gets it, at a document's first line. */
function firstLine(
  location: ObjectLocation,
  target: FileTarget,
  index: TemplateIndex,
  hinted: HintedObject | undefined,
): void {
  const segment =
    index.segments.find((candidate) => candidate.produces === 'yes') ?? index.segments[0];
  const line = segment?.startLine ?? 1;
  location.source = { path: target.path, line, origin: target.origin, match: 'first-line' };
  if (segment) location.template = { path: target.path, index, segment };
  const what = hinted ? `${hinted.object.kind}/${hinted.object.name}` : 'object';
  location.warnings.push(
    `${what} matches no document of ${target.path} by kind; source is the first document's line ${line}`,
  );
}
