import ts from 'typescript';

/** One module specifier a source file depends on. */
export interface ImportUse {
  specifier: string;
  /** `static` import, `export … from`, `side-effect` import, `dynamic` import(), `require`. */
  kind: 'static' | 'export' | 'side-effect' | 'dynamic' | 'require';
  /** `import type …`, `import { type A, type B }`, `export type … from`, `import('x').T` types. */
  typeOnly: boolean;
  line: number;
}

/** A read of env, clock, randomness, filesystem or network found in a source file. */
export interface Impurity {
  what: string;
  line: number;
}

const IO_MODULES: ReadonlySet<string> = new Set([
  'fs',
  'fs/promises',
  'child_process',
  'net',
  'http',
  'https',
  'os',
  'dgram',
]);
const RANDOM = ['randomUUID', 'randomBytes', 'randomInt', 'getRandomValues'];

/** The specifier recorded for an `import()` whose argument is not a literal. */
export const COMPUTED = '<computed>';

/** Parses a TypeScript or JavaScript file (syntax only, no type checking). */
export function parse(file: string, text: string): ts.SourceFile {
  const kind = /\.m?js$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
}

/** Every module specifier of a file: static, `export … from`, side-effect, `import()`, `require()`. */
export function collectImports(source: ts.SourceFile): ImportUse[] {
  const uses: ImportUse[] = [];
  const lineOf = (node: ts.Node): number =>
    source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const visit = (node: ts.Node): void => {
    const use = importOf(node);
    if (use) uses.push({ ...use, line: lineOf(node) });
    ts.forEachChild(node, visit);
  };
  visit(source);
  return uses;
}

function importOf(node: ts.Node): Omit<ImportUse, 'line'> | undefined {
  if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
    const clause = node.importClause;
    const kind = clause ? 'static' : 'side-effect';
    return { specifier: node.moduleSpecifier.text, kind, typeOnly: isTypeOnlyClause(clause) };
  }
  if (
    ts.isExportDeclaration(node) &&
    node.moduleSpecifier &&
    ts.isStringLiteral(node.moduleSpecifier)
  )
    return { specifier: node.moduleSpecifier.text, kind: 'export', typeOnly: node.isTypeOnly };
  if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
    const expression = node.moduleReference.expression;
    if (ts.isStringLiteral(expression))
      return { specifier: expression.text, kind: 'require', typeOnly: node.isTypeOnly };
  }
  if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
    const literal = node.argument.literal;
    if (ts.isStringLiteral(literal))
      return { specifier: literal.text, kind: 'dynamic', typeOnly: true };
  }
  if (ts.isCallExpression(node)) return callImport(node);
  return undefined;
}

// `import type …`, or named bindings that are all `type`.
function isTypeOnlyClause(clause: ts.ImportClause | undefined): boolean {
  if (clause === undefined) return false;
  if (clause.phaseModifier === ts.SyntaxKind.TypeKeyword) return true;
  const bindings = clause.namedBindings;
  return (
    clause.name === undefined &&
    bindings !== undefined &&
    ts.isNamedImports(bindings) &&
    bindings.elements.length > 0 &&
    bindings.elements.every((element) => element.isTypeOnly)
  );
}

// `import('x')` and `require('x')` with a literal (or substitution-free template) argument.
function callImport(node: ts.CallExpression): Omit<ImportUse, 'line'> | undefined {
  const [argument] = node.arguments;
  if (argument === undefined) return undefined;
  const text =
    ts.isStringLiteral(argument) || ts.isNoSubstitutionTemplateLiteral(argument)
      ? argument.text
      : undefined;
  if (node.expression.kind === ts.SyntaxKind.ImportKeyword)
    return { specifier: text ?? COMPUTED, kind: 'dynamic', typeOnly: false };
  if (ts.isIdentifier(node.expression) && node.expression.text === 'require' && text !== undefined)
    return { specifier: text, kind: 'require', typeOnly: false };
  return undefined;
}

/** The package a specifier names: `@scope/name` or `name`; `node:x` and builtins give `node:x`. */
export function packageOf(specifier: string, builtins: ReadonlySet<string>): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/')) return undefined;
  if (specifier.startsWith('node:')) return specifier;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
  return builtins.has(name) ? `node:${specifier}` : name;
}

/**
 * Env, clock, randomness, filesystem and network in a file that must be pure: `process.env`
 * (also `process['env']` and `const { env } = process`), `process.cwd()`, `Date.now()`,
 * `new Date()` without arguments, `performance.now()`, `Math.random`, `randomUUID`,
 * `randomBytes`, `fetch(` and imports of node's fs, child_process, net, http(s), os, dgram.
 */
export function findImpurities(source: ts.SourceFile): Impurity[] {
  const found: Impurity[] = [];
  const add = (node: ts.Node, what: string): void => {
    found.push({
      what,
      line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
    });
  };
  const visit = (node: ts.Node): void => {
    const what = impurityOf(node);
    if (what !== undefined) add(node, what);
    ts.forEachChild(node, visit);
  };
  visit(source);
  // A type-only import of node:fs does no I/O; any value import does (or could).
  for (const use of collectImports(source).filter((candidate) => !candidate.typeOnly)) {
    const name = use.specifier.replace(/^node:/, '');
    if (IO_MODULES.has(name)) found.push({ what: `import of ${use.specifier}`, line: use.line });
  }
  return found;
}

function impurityOf(node: ts.Node): string | undefined {
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
    const member = memberName(node);
    const owner = ts.isIdentifier(node.expression) ? node.expression.text : undefined;
    if (owner === undefined || member === undefined) return undefined;
    return memberImpurity(owner, member);
  }
  if (ts.isVariableDeclaration(node) && ts.isObjectBindingPattern(node.name)) {
    const from = node.initializer;
    if (from && ts.isIdentifier(from) && from.text === 'process') return 'destructuring of process';
  }
  if (ts.isNewExpression(node) && ts.isIdentifier(node.expression)) {
    if (node.expression.text === 'Date' && (node.arguments?.length ?? 0) === 0)
      return 'new Date() (the clock)';
  }
  if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
    const name = node.expression.text;
    if (name === 'fetch' || RANDOM.includes(name)) return `${name}()`;
  }
  if (ts.isImportSpecifier(node)) {
    const name = (node.propertyName ?? node.name).text;
    if (RANDOM.includes(name)) return `import of ${name}`;
  }
  return undefined;
}

function memberImpurity(owner: string, member: string): string | undefined {
  const pair = `${owner}.${member}`;
  if (owner === 'process' && ['env', 'cwd', 'argv', 'hrtime', 'chdir'].includes(member))
    return pair;
  if (pair === 'Date.now' || pair === 'performance.now' || pair === 'Math.random') return pair;
  if (owner === 'crypto' && RANDOM.includes(member)) return pair;
  if (owner === 'globalThis' && ['fetch', 'process'].includes(member)) return pair;
  return undefined;
}

function memberName(
  node: ts.PropertyAccessExpression | ts.ElementAccessExpression,
): string | undefined {
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  const argument = node.argumentExpression;
  return ts.isStringLiteral(argument) || ts.isNoSubstitutionTemplateLiteral(argument)
    ? argument.text
    : undefined;
}
