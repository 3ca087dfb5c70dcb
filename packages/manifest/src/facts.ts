import type { Introducer, RunFacts } from '@trailmark/core';
import type { ValuesFile } from './values.js';

/** Everything stamp needs beyond the manifests, gathered by the caller (git, CODEOWNERS, flags). */
export interface StampFacts {
  run: RunFacts;
  /** Owners per repo-relative path; a path missing from the map means "unknown" (no CODEOWNERS). */
  owners: ReadonlyMap<string, string[]>;
  /** Introducer per `path#Lline`. */
  introducers: ReadonlyMap<string, Introducer>;
  /** `--image REF=DIGEST` pins. */
  imagePins: readonly { ref: string; digest: string }[];
  /** Values files passed with `--values`, in the order given (later ones win, as in Helm). */
  userValues: readonly ValuesFile[];
  /** Each in-repo chart's own `values.yaml`, by chart directory. */
  chartValues: ReadonlyMap<string, ValuesFile>;
  /** Permalink base such as `https://github.com/acme/shop/blob/<sha>`, when known. */
  permalinkBase: string | undefined;
  /** `full` writes the JSON record annotation; `minimal` only the flat keys. */
  annotations: 'full' | 'minimal';
}

/** Key for {@link StampFacts.introducers}. */
export function lineKey(path: string, line: number): string {
  return `${path}#L${line}`;
}
