import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Directory of the recorded Kubernetes objects (`fixtures/k8s/`, origins in its README). */
export const KUBE_FIXTURES_DIR = fileURLToPath(new URL('../fixtures/k8s/', import.meta.url));

/** The text of one recorded object file, e.g. `kuard-pods-list.json`. */
export function readKubeFixture(name: string): string {
  return readFileSync(new URL(`../fixtures/k8s/${name}`, import.meta.url), 'utf8');
}
