import type { ChartRef, ObjectSource } from '@trailmark/core';
import { joinPath, resolveHelmSource, type ChartNode, type ResolvedSource } from './chart-tree.js';
import type { HintedObject } from './hints.js';
import { findIncludeSites, globBase } from './included-files.js';
import { locateGroup } from './locate-group.js';
import type { ManifestStream } from './stream.js';
import { indexTemplate, type TemplateIndex, type TemplateSegment } from './template.js';
import type { KnownValues } from './values-lookup.js';

/** Inputs of {@link locateObjects}; `files` holds the texts {@link filesToRead} asked for. */
export interface LocateInput {
  objects: readonly HintedObject[];
  /** Repo-relative path of each stream; undefined for stdin or a file outside the repository. */
  streamPaths: readonly (string | undefined)[];
  chart: ChartNode | undefined;
  /** Repo-relative directory kustomize origin paths are relative to. */
  kustomizeRoot: string;
  files: ReadonlyMap<string, string | undefined>;
  /** The parsed streams: their text lets content choose between documents. */
  streams?: readonly ManifestStream[];
  /** Chart files matched by `.Files.Glob` patterns (repo-relative; see {@link includedFilesToRead}). */
  chartFiles?: readonly string[];
  /** Values known for the release: break ties between branches that content leaves. */
  values?: KnownValues;
}

/** Where one object came from. */
export interface ObjectLocation {
  source: ObjectSource | undefined;
  chart: ChartRef | undefined;
  /** Charts from the released one down to the one owning the template. */
  chain: ChartNode[];
  /** The template document that produced the object, for finding the lines of its references. */
  template: { path: string; index: TemplateIndex; segment: TemplateSegment } | undefined;
  warnings: string[];
}

/** A target that resolved to a file in the repository. */
export type FileTarget = Extract<Target, { kind: 'file' }>;

/** Where an object's hint points (internal to locate). */
export type Target =
  | {
      kind: 'file';
      path: string;
      origin: ObjectSource['origin'];
      chart: ChartNode | undefined;
      chain: ChartNode[];
      fallbackPlain: boolean;
    }
  | { kind: 'external'; resolved: Extract<ResolvedSource, { kind: 'external' }> }
  | { kind: 'none'; reason: string };

/** Repo-relative files whose text {@link locateObjects} needs (templates, CRDs, kustomize inputs). */
export function filesToRead(
  objects: readonly HintedObject[],
  chart: ChartNode | undefined,
  kustomizeRoot: string,
): string[] {
  const paths = new Set<string>();
  for (const object of objects) {
    const target = targetOf(object, chart, kustomizeRoot, undefined);
    if (target.kind === 'file' && object.hint.kind !== 'plain') paths.add(target.path);
  }
  return [...paths].sort();
}

/** Maps every object to its file and line (docs/stamp.md, "Which line: three rules"). */
export function locateObjects(input: LocateInput): ObjectLocation[] {
  const targets = input.objects.map((object) =>
    targetOf(object, input.chart, input.kustomizeRoot, input.streamPaths[object.stream]),
  );
  const locations = input.objects.map((object, i) => {
    const target = targets[i];
    const location = fromTarget(target);
    if (object.hint.kind === 'plain' && target?.kind === 'file') {
      location.source = { path: target.path, line: object.object.kindLine, origin: 'plain' };
    }
    return location;
  });
  const groups = new Map<string, number[]>();
  targets.forEach((target, i) => {
    if (target.kind !== 'file' || input.objects[i]?.hint.kind === 'plain') return;
    const key = `${input.objects[i]?.stream ?? 0}\0${target.path}`;
    const members = groups.get(key);
    if (members) members.push(i);
    else groups.set(key, [i]);
  });
  for (const members of groups.values()) locateGroup(members, input, targets, locations);
  return locations;
}

/**
 * Chart files the templates of a stream may include whole (`.Files.Get "x"`): their paths, and for
 * `.Files.Glob` patterns the directory to list (`dir`) and the pattern relative to the chart.
 */
export function includedFilesToRead(
  objects: readonly HintedObject[],
  chart: ChartNode | undefined,
  kustomizeRoot: string,
  files: ReadonlyMap<string, string | undefined>,
): { paths: string[]; globs: { chartDir: string; dir: string; pattern: string }[] } {
  const paths = new Set<string>();
  const globs = new Map<string, { chartDir: string; dir: string; pattern: string }>();
  const seen = new Set<string>();
  for (const object of objects) {
    const target = targetOf(object, chart, kustomizeRoot, undefined);
    if (target.kind !== 'file' || !target.chart || seen.has(target.path)) continue;
    seen.add(target.path);
    const text = files.get(target.path);
    if (text === undefined) continue;
    const chartDir = target.chart.dir;
    for (const site of findIncludeSites(indexTemplate(text))) {
      if (!site.glob) paths.add(joinPath(chartDir, site.pattern));
      else
        globs.set(`${chartDir}\0${site.pattern}`, {
          chartDir,
          dir: joinPath(chartDir, globBase(site.pattern)),
          pattern: site.pattern,
        });
    }
  }
  return { paths: [...paths].sort(), globs: [...globs.values()] };
}

function targetOf(
  object: HintedObject,
  chart: ChartNode | undefined,
  kustomizeRoot: string,
  streamPath: string | undefined,
): Target {
  const hint = object.hint;
  switch (hint.kind) {
    case 'plain':
      return streamPath === undefined
        ? { kind: 'none', reason: 'no Source comment and the input has no path in the repository' }
        : {
            kind: 'file',
            path: streamPath,
            origin: 'plain',
            chart: undefined,
            chain: [],
            fallbackPlain: false,
          };
    case 'kustomize':
      if (hint.repo !== undefined)
        return { kind: 'none', reason: `kustomize origin is a remote repository (${hint.repo})` };
      return {
        kind: 'file',
        path: joinPath(kustomizeRoot, hint.path),
        origin: 'plain',
        chart: undefined,
        chain: [],
        fallbackPlain: false,
      };
    case 'helm':
    case 'helm4': {
      if (!chart)
        return {
          kind: 'none',
          reason: `cannot resolve Source "${hint.path}": no chart directory (set --chart)`,
        };
      const resolved = resolveHelmSource(hint.path, chart);
      if (resolved.kind === 'unresolved') return { kind: 'none', reason: resolved.reason };
      if (resolved.kind === 'external') return { kind: 'external', resolved };
      const fallbackPlain = hint.kind === 'helm' && hint.inherited;
      return {
        kind: 'file',
        path: resolved.path,
        origin: resolved.origin,
        chart: resolved.chart,
        chain: resolved.chain,
        fallbackPlain,
      };
    }
  }
}

function fromTarget(target: Target | undefined): ObjectLocation {
  const empty: ObjectLocation = {
    source: undefined,
    chart: undefined,
    chain: [],
    template: undefined,
    warnings: [],
  };
  if (!target) return empty;
  if (target.kind === 'none') return { ...empty, warnings: [target.reason] };
  if (target.kind === 'external') return externalLocation(target.resolved);
  return {
    ...empty,
    chain: target.chain,
    chart: target.chart ? chartRef(target.chart) : undefined,
  };
}

function externalLocation(resolved: Extract<ResolvedSource, { kind: 'external' }>): ObjectLocation {
  const { chart, template, chain } = resolved;
  const parent = chain[chain.length - 1];
  const declaredAt =
    chart.declaredAt ??
    (parent ? { path: joinPath(parent.dir, 'Chart.yaml'), line: 1 } : undefined);
  const warnings = chart.declaredAt
    ? []
    : [`external chart "${chart.name}" is not declared in Chart.yaml dependencies`];
  return {
    source: declaredAt ? { ...declaredAt, origin: 'external', template } : undefined,
    chart: { name: chart.name, version: chart.version ?? 'unknown' },
    chain,
    template: undefined,
    warnings,
  };
}

function chartRef(chart: ChartNode): ChartRef {
  return { name: chart.name, version: chart.version, path: chart.dir };
}
