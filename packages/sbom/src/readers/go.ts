import type { Lockfile, LockfileWarning, LockPackage, PackageHash } from '../lockfile.js';
import { parseGoMod } from './go-mod.js';
import type { GoModFile, GoModuleRef, GoRequire } from './go-mod.js';
import {
  createRefAllocator,
  parseError,
  splitLines,
  unsupportedVersion,
  withProperties,
} from './lock-entry.js';
import { toPurl } from './purl-encode.js';

/** A go.sum module (zip) hash line: `<path> <version> h1:<base64>`. */
interface GoSumLine {
  path: string;
  version: string;
  h1: string;
  line: number;
}

/** Everything the per-module steps need. */
interface GoContext {
  mod: GoModFile;
  modPath: string;
  sumPath: string;
  /** Keyed `path@version`; `undefined` when no go.sum was given. */
  sums: Map<string, GoSumLine> | undefined;
  warnings: LockfileWarning[];
  ref: (base: string) => string;
}

type Properties = NonNullable<LockPackage['properties']>;

/**
 * Reads a Go module graph from go.mod (`require`, `replace`, `exclude`) and go.sum (hashes).
 *
 * Go records no dependency graph in either file: go.mod lists the main module's requirements
 * (direct and `// indirect`, which since Go 1.17 is every module in the build) and go.sum only
 * hashes. So the main module (`root`) depends on every required module and modules get no edges.
 * A `replace` makes the replacement the component (it is what gets built). For go.mod files older
 * than Go 1.17, modules hashed only in go.sum are added too, as trivy does, since those go.mod
 * files omit indirect requirements. Go has no dev dependencies: every module is `required`.
 */
export function readGoModules(
  goMod: string,
  goModPath: string,
  goSum?: string,
  goSumPath?: string,
): Lockfile {
  const mod = parseGoMod(goMod, goModPath);
  if (mod.module === undefined) throw parseError(goModPath, 1, 'no module directive');
  const formatVersion = checkGoVersion(mod, goModPath);
  const sumPath = goSumPath ?? goModPath.replace(/go\.mod$/, 'go.sum');
  const warnings = mod.unknown.map(({ verb, line }) => ({
    line,
    message: `unknown directive ${verb} ignored`,
  }));
  const sums = goSum === undefined ? undefined : parseGoSum(goSum, sumPath, warnings);
  const ctx: GoContext = {
    mod,
    modPath: goModPath,
    sumPath,
    sums,
    warnings,
    ref: createRefAllocator(),
  };
  const packages = mod.requires.map((req) => requiredModule(ctx, req));
  if (sums !== undefined && predatesGraphPruning(mod))
    packages.push(...goSumOnlyModules(ctx, sums));
  if (sums === undefined)
    warnings.push({ line: 0, message: 'no go.sum given: modules have no hashes' });
  const root = { name: mod.module.path, dependsOn: packages.map((p) => p.ref) };
  return { path: goModPath, format: 'go', formatVersion, root, packages, warnings };
}

/** The `go` directive as the format version; only Go 1.x exists. */
function checkGoVersion(mod: GoModFile, path: string): string {
  if (mod.go === undefined) return 'unspecified';
  const match = /^(\d+)\.\d+/.exec(mod.go.version);
  if (match === null) throw parseError(path, mod.go.line, `invalid go version ${mod.go.version}`);
  if (match[1] !== '1')
    throw unsupportedVersion(path, mod.go.line, 'go.mod go version', mod.go.version, ['1.x']);
  return mod.go.version;
}

/** True for go.mod files before Go 1.17 (no `go` line means 1.16), whose requires may be incomplete. */
function predatesGraphPruning(mod: GoModFile): boolean {
  const minor = /^1\.(\d+)/.exec(mod.go?.version ?? '1.16')?.[1];
  return minor !== undefined && Number(minor) < 17;
}

/** Parses go.sum, keeping module zip hashes; `/go.mod` lines hash only a go.mod file and are skipped. */
function parseGoSum(
  text: string,
  path: string,
  warnings: LockfileWarning[],
): Map<string, GoSumLine> {
  const sums = new Map<string, GoSumLine>();
  splitLines(text).forEach((raw, index) => {
    const line = index + 1;
    const fields = raw.trim().split(/\s+/);
    const [modulePath, version, hash] = fields;
    if (modulePath === '' || modulePath === undefined) return;
    if (version === undefined || hash === undefined || fields.length !== 3) {
      throw parseError(path, line, 'malformed go.sum line: want "<module> <version> <hash>"');
    }
    if (version.endsWith('/go.mod')) return;
    if (!hash.startsWith('h1:')) {
      warnings.push({
        line,
        message: `${path}:${line}: unknown hash ${hash.split(':')[0] ?? ''} ignored`,
      });
      return;
    }
    if (!/^h1:[A-Za-z0-9+/]{43}=$/.test(hash))
      throw parseError(path, line, `malformed h1 hash for ${modulePath}`);
    sums.set(`${modulePath}@${version}`, { path: modulePath, version, h1: hash, line });
  });
  return sums;
}

/**
 * `h1:` is base64 of a SHA-256 — but over Go's dirhash summary of the module zip (a sorted list
 * of per-file SHA-256s), not over the zip bytes. It is the only digest Go records, so it becomes
 * the component's SHA-256 hash, and the `trailmark:go:h1` property keeps the original form so a
 * consumer can tell what to check it against (`go mod verify`, sum.golang.org).
 */
function h1Hash(h1: string): PackageHash {
  return { alg: 'SHA-256', content: Buffer.from(h1.slice(3), 'base64').toString('hex') };
}

/** The `replace` that applies to a requirement: a versioned match wins over a path-only one. */
function replacementFor(mod: GoModFile, req: GoRequire): GoModFile['replaces'][number] | undefined {
  const forPath = mod.replaces.filter((r) => r.from.path === req.path);
  return (
    forPath.find((r) => r.from.version === req.version) ??
    forPath.find((r) => r.from.version === undefined)
  );
}

/** The component for one `require` line, after `replace` and `exclude`. */
function requiredModule(ctx: GoContext, req: GoRequire): LockPackage {
  const source = { path: ctx.modPath, line: req.line };
  if (ctx.mod.excludes.some((e) => e.path === req.path && e.version === req.version)) {
    ctx.warnings.push({
      line: req.line,
      message: `${req.path}@${req.version} is required but also excluded`,
    });
  }
  const props: Properties = req.indirect ? [{ name: 'trailmark:go:indirect', value: 'true' }] : [];
  const replace = replacementFor(ctx.mod, req);
  if (replace === undefined) return modulePackage(ctx, req, source, props);
  props.push({ name: 'trailmark:go:replaces', value: `${req.path}@${req.version}` });
  if (replace.to.version !== undefined) return modulePackage(ctx, replace.to, source, props);
  return localModule(ctx, req, replace.to.path, source, props);
}

/** `github.com/go-chi/chi/v5` → namespace `github.com/go-chi/chi`, name `v5`. */
function splitModulePath(path: string): { namespace: string | undefined; name: string } {
  const slash = path.lastIndexOf('/');
  return slash < 0
    ? { namespace: undefined, name: path }
    : { namespace: path.slice(0, slash), name: path.slice(slash + 1) };
}

/**
 * One versioned module. Module paths keep their case in the purl: Go paths are case-sensitive
 * (github.com/Sirupsen/logrus and github.com/sirupsen/logrus were different modules), and
 * packageurl-js keeps golang case too (purl-spec#196).
 */
function modulePackage(
  ctx: GoContext,
  mod: GoModuleRef,
  source: LockPackage['source'],
  props: Properties,
): LockPackage {
  const version = mod.version ?? '';
  const { namespace, name } = splitModulePath(mod.path);
  const purl = toPurl({ type: 'golang', namespace, name, version });
  const sum = sumFor(ctx, mod.path, version, source.line);
  const hashes = sum === undefined ? [] : [h1Hash(sum.h1)];
  const pkg: LockPackage = {
    ref: ctx.ref(purl),
    name,
    namespace,
    version,
    purl,
    scope: 'required',
    hashes,
    licenses: [],
    source,
    dependsOn: [],
  };
  return withProperties(
    pkg,
    sum === undefined ? props : [...props, { name: 'trailmark:go:h1', value: sum.h1 }],
  );
}

/** The go.sum line of `path@version`; warns (at the go.mod line) when go.sum was given but lacks it. */
function sumFor(
  ctx: GoContext,
  path: string,
  version: string,
  line: number,
): GoSumLine | undefined {
  const sum = ctx.sums?.get(`${path}@${version}`);
  if (ctx.sums !== undefined && sum === undefined) {
    ctx.warnings.push({
      line,
      message: `${path}@${version}: no h1: hash in ${ctx.sumPath}`,
      kind: 'no-hash',
    });
  }
  return sum;
}

/** A module replaced by a local directory: no version, no hash, no purl (nothing published). */
function localModule(
  ctx: GoContext,
  req: GoRequire,
  dir: string,
  source: LockPackage['source'],
  props: Properties,
): LockPackage {
  ctx.warnings.push({
    line: req.line,
    message: `${req.path} is replaced by local directory ${dir}: no version or hash`,
  });
  const { namespace, name } = splitModulePath(req.path);
  const properties = [...props, { name: 'trailmark:go:replace-dir', value: dir }];
  return {
    ref: ctx.ref(`golang:${req.path}`),
    name,
    namespace,
    scope: 'required',
    hashes: [],
    licenses: [],
    source,
    dependsOn: [],
    properties,
  };
}

/**
 * Modules hashed in go.sum but absent from a pre-1.17 go.mod. go.sum is written sorted by path
 * then semver (module.Sort), so the last line per path is the highest version, the one MVS picks.
 */
function goSumOnlyModules(ctx: GoContext, sums: Map<string, GoSumLine>): LockPackage[] {
  const known = new Set(ctx.mod.requires.map((r) => r.path));
  for (const r of ctx.mod.replaces) known.add(r.to.path);
  const excluded = new Set(ctx.mod.excludes.map((e) => `${e.path}@${e.version}`));
  const latest = new Map<string, GoSumLine>();
  for (const sum of sums.values()) {
    if (!known.has(sum.path) && !excluded.has(`${sum.path}@${sum.version}`))
      latest.set(sum.path, sum);
  }
  const props = [{ name: 'trailmark:go:go-sum-only', value: 'true' }];
  return [...latest.values()].map((sum) =>
    modulePackage(ctx, sum, { path: ctx.sumPath, line: sum.line }, props),
  );
}
