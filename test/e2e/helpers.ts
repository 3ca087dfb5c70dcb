import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from '@trailmark/testing';

/** Absolute path of a shared test fixture. */
export function fixturePath(...parts: string[]): string {
  return join(REPO_ROOT, 'test', 'fixtures', ...parts);
}

/** Every file under a fixture directory as `{ relativePath: text }`, for building temp repos. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else out[relative(dir, path).split('\\').join('/')] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** Origin records as `stamp --origin-out` writes them (only the fields tests read). */
export interface Records {
  objects: {
    kind: string;
    name: string;
    namespace?: string;
    source?: {
      path: string;
      line: number;
      origin: string;
      match?: string;
      via?: { path: string; line: number };
    };
    owners: string[];
    introducer?: { email?: string; via: string };
    secretRefs: { name: string; via: string; at?: { path: string; line: number } }[];
    images: {
      container: string;
      ref: string;
      digest?: string;
      set?: { path: string; line: number };
    }[];
  }[];
}

/** Truth files of the Helm corpus (fields documented in their `fields` member). */
export interface HelmTruth {
  files: {
    rendered: string;
    objects: {
      kind: string;
      name: string;
      source: string | null;
      template_file?: string;
      template_kind_line?: number;
      /** For included files: the template and line of the `.Files.Get` that included it. */
      via_file?: string;
      via_line?: number;
      rendered_kind_line: number;
    }[];
  }[];
}
