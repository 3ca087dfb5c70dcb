import { parseImagePin } from '@trailmark/core';
import { Option } from 'commander';

const collect = (value: string, previous: readonly string[]): string[] => [...previous, value];

/** A repeatable option: each occurrence adds its value, in order (default: none). */
export function repeatable(flags: string, description: string): Option {
  return new Option(flags, `${description} (repeatable)`).argParser(collect).default([]);
}

/**
 * `--image REF@sha256:<64 hex>`, the one form of stamp, sbom and attest (as docker and GitHub
 * write it; the old `REF=sha256:…` is still accepted and warned about by the facade). A malformed
 * value fails while the command line is parsed, naming it (exit 2).
 */
export function imageOption(description: string): Option {
  return new Option('--image <ref@sha256:digest>', `${description} (repeatable)`)
    .argParser((value: string, previous: readonly string[]) => {
      parseImagePin(value);
      return collect(value, previous);
    })
    .default([]);
}
