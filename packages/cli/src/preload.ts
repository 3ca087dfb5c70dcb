/**
 * The work modules of a command, by command name: `sbom`'s (generation, the CycloneDX library,
 * atomic writes) are large enough that reading and compiling them while commander and the
 * command table load is worth it.
 */
const WORK: Readonly<Record<string, () => Promise<unknown>>> = {
  sbom: () =>
    Promise.all([import('@trailmark/trailmark/sbom'), import('@trailmark/trailmark/write-output')]),
};

/**
 * Starts loading the work modules of the command `argv` names (its first word), without waiting:
 * the command's own `import()` later finds them loaded or loading. A failed load is left to that
 * import to report; anything else in `argv` (flags first, help, an unknown word) loads nothing.
 */
export function preloadCommand(argv: readonly string[]): void {
  const command = argv[0];
  if (command !== undefined && Object.hasOwn(WORK, command))
    WORK[command]?.().catch(() => undefined);
}
