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
}

const OPENERS = new Set(['if', 'range', 'with', 'define', 'block']);

/** Scans a Go template line by line, tracking actions (also multi-line ones) and block nesting. */
export function scanTemplate(lines: readonly string[]): TemplateLine[] {
  const out: TemplateLine[] = [];
  const blocks: string[] = [];
  let inAction = false;
  let action = '';
  for (const text of lines) {
    const startsInAction = inAction;
    const lineBlocks = [...blocks];
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
      applyKeyword(blocks, keyword);
      i = close + 2;
    }
    if (inAction) action += '\n';
    out.push({ text, startsInAction, content: contentOf(outside), keywords, blocks: lineBlocks });
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

function applyKeyword(blocks: string[], keyword: string): void {
  if (OPENERS.has(keyword)) blocks.push(keyword);
  else if (keyword === 'end') blocks.pop();
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
