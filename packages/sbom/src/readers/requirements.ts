import type { LockfileReader, LockfileWarning, LockPackage, WarningKind } from '../lockfile.js';
import {
  createRefAllocator,
  packageLabel,
  parseError,
  splitLines,
  withProperties,
} from './lock-entry.js';
import { artifactProperties, chooseArtifactHash, pypiPurl } from './python-package.js';

/** One logical line: backslash continuations joined, numbered by its first physical line. */
interface LogicalLine {
  line: number;
  text: string;
}

/** A requirement split from its per-requirement options. */
interface RequirementParts {
  requirement: string;
  hashes: string[];
}

/** pip's comment rule: `#` at the start or after whitespace (so `…#egg=x` in a URL is kept). */
const COMMENT = /(^|\s+)#.*$/;

/** `name [extras] rest`; the name is a PEP 508 identifier. */
const NAMED = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[([^\]]*)\])?\s*(.*)$/s;

/** Options that pull in another file, which a pure reader cannot open. */
const INCLUDES = new Set(['-r', '--requirement', '-c', '--constraint']);

/**
 * Reads a pinned requirements.txt (pip-compile / `uv pip compile` / `poetry export` output):
 * `name[extras]==version ; markers` with `--hash=<alg>:<hex>` options, comments and `\`
 * continuations. The file records no dependency graph and no dev/prod split, so `root` (named
 * after the file) depends on every entry and every entry is `required`. `-r`/`-c` includes and
 * `-e` editables are skipped with a warning; unpinned requirements are kept without a version.
 */
export const readRequirements: LockfileReader = (text, path) => {
  const warnings: LockfileWarning[] = [];
  const ref = createRefAllocator();
  const packages: LockPackage[] = [];
  for (const { line, text: raw } of logicalLines(text)) {
    const content = raw.replace(COMMENT, '').trim();
    if (content === '') continue;
    if (content.startsWith('-')) optionLine(content, line, warnings);
    else packages.push(...requirementLine(content, { path, line }, ref, warnings));
  }
  hashWarnings(packages, warnings);
  const root = { name: path, dependsOn: packages.map((p) => p.ref) };
  return { path, format: 'requirements', formatVersion: 'unversioned', root, packages, warnings };
};

/** pip's `join_lines`: a line ending in `\` continues on the next, unless it is a comment. */
function logicalLines(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  let pending: LogicalLine | undefined;
  splitLines(text).forEach((raw, index) => {
    const isComment = /^\s*#/.test(raw);
    if (raw.endsWith('\\') && !isComment) {
      pending ??= { line: index + 1, text: '' };
      pending.text += raw.slice(0, -1);
      return;
    }
    out.push(
      pending === undefined
        ? { line: index + 1, text: raw }
        : { ...pending, text: `${pending.text} ${raw}` },
    );
    pending = undefined;
  });
  if (pending !== undefined) out.push(pending);
  return out;
}

/** A global option line: includes and editables are reported; index options are irrelevant here. */
function optionLine(content: string, line: number, warnings: LockfileWarning[]): void {
  const match = /^(--[a-z-]+|-[a-zA-Z])=?\s*(.*)$/.exec(content);
  const [, flag = '', argument = ''] = match ?? [];
  if (INCLUDES.has(flag)) {
    warnings.push({
      line,
      message: `${flag} ${argument}: included file not read; read it as its own requirements file`,
    });
  } else if (flag === '-e' || flag === '--editable') {
    warnings.push({
      line,
      message: `editable requirement ${argument} skipped: it has no pinned version`,
    });
  }
}

/** Splits `--hash` options (`--hash=a:b` or `--hash a:b`) off; pip starts options at the first `-` token. */
function splitOptions(content: string): RequirementParts {
  const tokens = content.split(/\s+/);
  const first = tokens.findIndex((t) => t.startsWith('-'));
  const options = first < 0 ? [] : tokens.slice(first);
  const hashes = options.flatMap((token, i) => {
    if (token.startsWith('--hash=')) return [token.slice('--hash='.length)];
    return token === '--hash' && options[i + 1] !== undefined ? [options[i + 1] ?? ''] : [];
  });
  return { requirement: (first < 0 ? tokens : tokens.slice(0, first)).join(' '), hashes };
}

/** `==1.2.3` or `===1.2.3` (also in parentheses) pins a version; wildcards and ranges do not. */
function pinnedVersion(specifier: string): string | undefined {
  const match = /^\(?\s*===?\s*([^\s,;()*]+)\s*\)?$/.exec(specifier);
  return match?.[1];
}

/** The parsed parts of a named requirement. */
interface Requirement {
  name: string;
  extras: string | undefined;
  marker: string | undefined;
  /** Everything after the name and extras: the specifier or `@ url`. */
  rest: string;
}

/** One version clause of a PEP 440 specifier set (`>=2.31`, `==1.0.*`, `~=5.0`). */
const CLAUSE = /^(===|==|!=|~=|>=|<=|>|<)\s*[A-Za-z0-9.*+!_-]+$/;

/** A path, URL or archive given instead of a name (pip installs it; it names no package here). */
const UNNAMED = /^[./\\]|:\/\/|\.(whl|zip|tar\.gz|tgz)$/;

/**
 * `name[extras] specifier ; marker` → its parts; `'unnamed'` for a path, URL or archive;
 * `'invalid'` for what pip would reject (no name, a broken specifier, `@` without a URL).
 */
function parseRequirement(requirement: string): Requirement | 'unnamed' | 'invalid' {
  const semicolon = requirement.indexOf(';');
  const spec = (semicolon < 0 ? requirement : requirement.slice(0, semicolon)).trim();
  const marker = semicolon < 0 ? '' : requirement.slice(semicolon + 1).trim();
  const [, name, extras, rest = ''] = NAMED.exec(spec) ?? [];
  const url = name !== undefined && rest.startsWith('@') ? rest.slice(1).trim() : undefined;
  if (url === undefined && UNNAMED.test(spec)) return 'unnamed';
  if (name === undefined) return 'invalid';
  const clauses = rest.replace(/^\((.*)\)$/, '$1').trim();
  const valid =
    url === undefined
      ? clauses === '' || clauses.split(',').every((c) => CLAUSE.test(c.trim()))
      : url !== '';
  if (!valid) return 'invalid';
  return {
    name,
    extras: extras?.replace(/\s+/g, ''),
    marker: marker === '' ? undefined : marker,
    rest,
  };
}

/** The package of one requirement line; none (with a warning) for a path or URL without a name. */
function requirementLine(
  content: string,
  source: LockPackage['source'],
  ref: (base: string) => string,
  warnings: LockfileWarning[],
): LockPackage[] {
  const { requirement, hashes } = splitOptions(content);
  const req = parseRequirement(requirement);
  if (req === 'invalid')
    throw parseError(source.path, source.line, `invalid requirement: ${requirement}`);
  if (req === 'unnamed') {
    warnings.push({
      line: source.line,
      message: `requirement without a package name skipped: ${requirement}`,
    });
    return [];
  }
  return [
    toPackage(req, hashes, source, ref, (message, kind) =>
      warnings.push({ line: source.line, message, kind }),
    ),
  ];
}

/** The version (only when pinned with `==`/`===`) and URL qualifiers of a requirement; warns when unpinned. */
function versionOf(
  req: Requirement,
  warn: (message: string, kind: WarningKind) => void,
): Pick<LockPackage, 'version' | 'purl'> {
  const version = pinnedVersion(req.rest);
  const url = req.rest.startsWith('@') ? req.rest.slice(1).trim() : undefined;
  if (version === undefined) {
    const why =
      url === undefined
        ? `not pinned (${req.rest === '' ? 'no specifier' : req.rest})`
        : 'a direct URL reference';
    warn(`${req.name} is ${why}: no version recorded`, 'no-version');
  }
  const qualifiers =
    url === undefined
      ? undefined
      : url.startsWith('git+')
        ? { vcs_url: url }
        : { download_url: url };
  return { version, purl: pypiPurl(req.name, version, qualifiers) };
}

/** The component of a named requirement, with the first `--hash` as its hash. */
function toPackage(
  req: Requirement,
  hashes: string[],
  source: LockPackage['source'],
  ref: (base: string) => string,
  warn: (message: string, kind: WarningKind) => void,
): LockPackage {
  const { version, purl = '' } = versionOf(req, warn);
  const choice = chooseArtifactHash(
    hashes.map((hash) => ({ file: undefined, hash, kind: 'unknown' as const })),
  );
  for (const bad of choice.malformed)
    warn(`${packageLabel(req.name, version)}: unreadable hash ${bad}`, 'bad-hash');
  const hashList = choice.hash === undefined ? [] : [choice.hash];
  const pkg: LockPackage = {
    ref: ref(purl),
    name: req.name,
    version,
    purl,
    scope: 'required',
    hashes: hashList,
    licenses: [],
    source,
    dependsOn: [],
  };
  return withProperties(pkg, [...requirementProperties(req), ...artifactProperties(choice)]);
}

/** Extras and environment markers as `trailmark:python:*` properties. */
function requirementProperties(req: Requirement): NonNullable<LockPackage['properties']> {
  const props: NonNullable<LockPackage['properties']> = [];
  if (req.extras !== undefined && req.extras !== '')
    props.push({ name: 'trailmark:python:extras', value: req.extras });
  if (req.marker !== undefined) props.push({ name: 'trailmark:python:marker', value: req.marker });
  return props;
}

/**
 * Hash warnings. Once one entry carries `--hash`, pip runs in hash-checking mode and an entry
 * without one is an error worth naming; a file with no hashes at all gets one warning.
 */
function hashWarnings(packages: LockPackage[], warnings: LockfileWarning[]): void {
  const unhashed = packages.filter((p) => p.hashes.length === 0);
  if (unhashed.length === 0) return;
  if (unhashed.length === packages.length) {
    warnings.push({ line: 0, message: 'no --hash options: components have no hashes' });
    return;
  }
  for (const p of unhashed)
    warnings.push({ line: p.source.line, message: `${p.name}: no --hash`, kind: 'no-hash' });
}
