// The page's only style sheet, inline: no web fonts, no images, no external anything. Readable
// printed: no backgrounds needed (borders and weight carry the meaning), a page per workload.

/** CSS of the HTML evidence report. */
export const HTML_STYLE = `
:root { --fail: #b00020; --warn: #8a5a00; --ok: #1b6e20; --muted: #5f6368; --line: #d0d4d9; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; margin: 0 auto; max-width: 1200px; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 0; word-break: break-all; }
h3 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 0 0 6px; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12px; word-break: break-all; }
a { color: #0b57d0; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { font-weight: 600; }
.meta { color: var(--muted); margin: 0 0 16px; }
.badge { display: inline-block; border: 1.5px solid currentColor; border-radius: 4px; padding: 0 6px; font-size: 12px; font-weight: 600; margin-left: 6px; }
.verdict-pass, .verified, .pass { color: var(--ok); }
.verdict-fail, .fail, .none { color: var(--fail); }
.warn, .claimed, .risky { color: var(--warn); }
.skip { color: var(--muted); }
.verdict { font-size: 20px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 8px; margin: 12px 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
.card b { display: block; font-size: 22px; }
.workload { border: 1px solid var(--line); border-radius: 8px; padding: 16px; margin: 20px 0; }
.workload.has-fail { border-left: 6px solid var(--fail); }
.workload header { margin-bottom: 12px; }
.findings { list-style: none; padding: 0; margin: 0 0 12px; }
.findings li { border: 1px solid var(--line); border-left-width: 5px; padding: 6px 10px; margin: 4px 0; }
.findings li.fail { border-left-color: var(--fail); background: #fdecee; color: #1f2328; }
.findings li.warn { border-left-color: var(--warn); color: #1f2328; }
.findings li.skip { border-left-color: var(--muted); color: #1f2328; }
.findings .code { font-weight: 700; }
.chain { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 10px; }
.step.running { grid-column: 1 / -1; }
.step { border: 1px solid var(--line); border-radius: 6px; padding: 10px; }
.step dl { margin: 0; display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 2px 8px; }
.step dt { color: var(--muted); }
.step dd { margin: 0; overflow-wrap: anywhere; }
.arrow { color: var(--muted); }
.details { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0 8px; margin: 4px 0 0; font-size: 12px; }
.details dt { color: var(--muted); }
.details dd { margin: 0; overflow-wrap: anywhere; }
#attestations { break-before: page; }
footer { color: var(--muted); margin-top: 24px; font-size: 12px; }
@media (max-width: 900px) { .chain { grid-template-columns: 1fr; } }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  a { color: inherit; text-decoration: underline; }
  .findings li.fail { background: none; }
  .workload { break-before: page; break-inside: auto; border-radius: 0; }
  .step, .findings li, tr { break-inside: avoid; }
}
`;
