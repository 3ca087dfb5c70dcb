import { compareCodeUnits } from '@trailmark/core';

type Json = Record<string, unknown>;

const byKeys =
  (...keys: string[]) =>
  (a: unknown, b: unknown): number => {
    for (const key of keys) {
      const order = compareCodeUnits(textOf(a, key), textOf(b, key));
      if (order !== 0) return order;
    }
    return 0;
  };

function textOf(value: unknown, key: string): string {
  const member = (value as Json | null)?.[key];
  if (typeof member === 'string') return member;
  return member === undefined || member === null ? '' : JSON.stringify(member);
}

const COMPONENTS = byKeys('bom-ref', 'purl', 'group', 'name', 'version');
const LICENSES = byKeys('license', 'expression');

/**
 * Sorts every list of a CycloneDX JSON document in place, by UTF-16 code units. The library's
 * own `sortLists` uses `localeCompare`, whose order depends on the ICU locale of the machine;
 * this makes the bytes the same everywhere.
 */
export function sortBomLists(bom: Json): Json {
  const metadata = bom.metadata as Json | undefined;
  const tools = metadata?.tools as Json | undefined;
  sortComponentList(tools?.components);
  if (metadata?.component !== undefined) sortComponent(metadata.component as Json);
  sortComponentList(bom.components);
  if (Array.isArray(bom.dependencies)) {
    for (const dependency of bom.dependencies as Json[]) {
      if (Array.isArray(dependency.dependsOn))
        (dependency.dependsOn as string[]).sort(compareCodeUnits);
    }
    bom.dependencies.sort(byKeys('ref'));
  }
  return bom;
}

function sortComponentList(list: unknown): void {
  if (!Array.isArray(list)) return;
  for (const component of list as Json[]) sortComponent(component);
  list.sort(COMPONENTS);
}

function sortComponent(component: Json): void {
  if (Array.isArray(component.hashes)) component.hashes.sort(byKeys('alg', 'content'));
  if (Array.isArray(component.properties)) component.properties.sort(byKeys('name', 'value'));
  if (Array.isArray(component.licenses)) component.licenses.sort(LICENSES);
  sortComponentList(component.components);
}
