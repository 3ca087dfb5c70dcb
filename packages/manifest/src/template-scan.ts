/** What one template line holds once `{{ ... }}` actions are set apart. */
export interface TemplateLine {
  /** The line's text (without terminator). */
  text: string;
  /** True when the line starts inside a multi-line action. */
  startsInAction: boolean;
  /** Text outside actions, trimmed; '' for blank, comment-only or action-only lines. */
  content: string;
  /** Keywords of the actions that start on this line (`if`, `range`, `end`, `include`, ...). */
  keywords: string[];
  /** Control blocks open at the start of the line, innermost last (`if`, `range`, `with`, ...). */
  blocks: string[];
  /**
   * The branch the line sits in, as `block:branch` steps, outermost first: `3:1` is the second
   * branch (after one `else`) of the file's fourth block. Two lines are in exclusive branches when
   * they share a block with different branch numbers.
   */
  branches: string[];
}

/** The conditions of each `if`/`with` block's branches, by block number (`else` is `'else'`). */
export type BlockConditions = Map<number, string[]>;

interface OpenBlock {
  keyword: string;
  id: number;
  branch: number;
}

const OPENERS = new Set(['if', 'range', 'with', 'define', 'block']);

/**
 * Scans a Go template line by line, tracking actions (also multi-line ones), block nesting and
 * branches; `conditions` receives each conditional block's branch conditions.
 */
export function scanTemplate(
  lines: readonly string[],
  conditions: BlockConditions = new Map(),
): TemplateLine[] {
  const out: TemplateLine[] = [];
  const blocks: OpenBlock[] = [];
  let inAction = false;
  let action = '';
  for (const text of lines) {
    const startsInAction = inAction;
    const lineBlocks = blocks.map((block) => block.keyword);
    const branches = blocks.map((block) => `${block.id}:${block.branch}`);
    const keywords: string[] = [];
    let outside = '';
    let i = 0;
    while (i < text.length) {
      if (!inAction) {
        const open = text.indexOf('{{', i);
        outside += text.slice(i, open === -1 ? text.length : open);
        if (open === -1) break;
        inAction = true;
        action = '';
        i = open + 2;
        continue;
      }
      const close = text.indexOf('}}', i);
      action += text.slice(i, close === -1 ? text.length : close);
      if (close === -1) break;
      inAction = false;
      const keyword = actionKeyword(action);
      keywords.push(keyword);
      applyKeyword(blocks, keyword, action, conditions);
      i = close + 2;
    }
    if (inAction) action += '\n';
    out.push({
      text,
      startsInAction,
      content: contentOf(outside),
      keywords,
      blocks: lineBlocks,
      branches,
    });
  }
  return out;
}

function contentOf(outside: string): string {
  const trimmed = outside.trim();
  return trimmed.startsWith('#') ? '' : trimmed;
}

function actionKeyword(action: string): string {
  const body = action.replace(/^-\s*/, '').replace(/\s*-$/, '').trim();
  if (body.startsWith('/*')) return 'comment';
  const word = /^[A-Za-z_][\w.]*/.exec(body);
  return word ? word[0] : 'expr';
}

function applyKeyword(
  blocks: OpenBlock[],
  keyword: string,
  action: string,
  conditions: BlockConditions,
): void {
  if (OPENERS.has(keyword)) {
    const id = conditions.size;
    blocks.push({ keyword, id, branch: 0 });
    conditions.set(id, [conditionOf(action, keyword)]);
  } else if (keyword === 'else') {
    const top = blocks[blocks.length - 1];
    if (!top) return;
    top.branch++;
    const rest = conditionOf(action, 'else');
    conditions.get(top.id)?.push(/^if\b/.test(rest) ? rest.slice(2).trim() : 'else');
  } else if (keyword === 'end') blocks.pop();
}

function conditionOf(action: string, keyword: string): string {
  const body = action.replace(/^-\s*/, '').replace(/\s*-$/, '').trim();
  return body.slice(keyword.length).trim();
}

/** Keywords that can emit whole documents from elsewhere (partials, values, files). */
export const EMITTING_KEYWORDS = new Set([
  'include',
  'template',
  'tpl',
  'toYaml',
  'expr',
  'block',
  '.Files.Get',
]);

/** True when two lines sit in different branches of the same `if`/`else` (or `with`/`else`). */
export function exclusiveBranches(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0 || b.length === 0) return false;
  const taken = new Map(a.map((step) => splitStep(step)));
  return b.some((step) => {
    const [block, branch] = splitStep(step);
    const other = taken.get(block);
    return other !== undefined && other !== branch;
  });
}

function splitStep(step: string): [string, string] {
  const at = step.indexOf(':');
  return [step.slice(0, at), step.slice(at + 1)];
}

/**
 * The branch steps of a line that hold for a whole render: those outside every `range` (a loop may
 * take another branch on each pass) and `define` (a partial renders once per include).
 */
export function renderSteps(line: TemplateLine | undefined): string[] {
  if (!line) return [];
  const loop = line.blocks.findIndex((block) => block === 'range' || block === 'define');
  return loop === -1 ? line.branches : line.branches.slice(0, loop);
}
