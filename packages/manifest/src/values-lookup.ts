import type { ChartNode } from './chart-tree.js';
import type { ValuesFile } from './values.js';
import type { ValuesLookup } from './template-condition.js';

/** The values a release was rendered with, as far as trailmark knows them. */
export interface KnownValues {
  /** Each in-repo chart's own `values.yaml`, by chart directory. */
  chart: ReadonlyMap<string, ValuesFile>;
  /** `-f` values files, in Helm order (later ones win). */
  user: readonly ValuesFile[];
}

/**
 * `.Values` lookup for the templates of `chain`'s last chart: user files first (last one wins),
 * scoped under the subchart names, then the chart's own defaults. `--set` flags are unknown, which
 * is why a condition's verdict only breaks ties that content leaves.
 */
export function valuesLookup(values: KnownValues, chain: readonly ChartNode[]): ValuesLookup {
  const chart = chain[chain.length - 1];
  const scope = chain.slice(1).map((node) => node.name);
  const sources: { file: ValuesFile; scope: string[] }[] = [
    ...[...values.user].reverse().map((file) => ({ file, scope })),
    ...(chart && values.chart.get(chart.dir)
      ? [{ file: values.chart.get(chart.dir) as ValuesFile, scope: [] }]
      : []),
  ];
  return (keys) => {
    for (const { file, scope: prefix } of sources) {
      const path = [...prefix, ...keys];
      const found = lookupIn(file, path);
      if (found !== undefined) return found;
    }
    return undefined;
  };
}

function lookupIn(file: ValuesFile, path: readonly string[]): string | undefined {
  let nested = false;
  for (const leaf of file.leaves) {
    if (!startsWith(leaf.keys, path)) continue;
    if (leaf.keys.length === path.length) return leaf.value;
    nested = true;
  }
  return nested ? 'map' : undefined;
}

function startsWith(keys: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= keys.length && prefix.every((key, i) => keys[i] === key);
}
