/** Splits text into lines without their terminators (`\n` or `\r\n`). */
export function splitLines(text: string): string[] {
  return text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

/** True for a YAML document separator line (`---` alone or followed by space/comment/content). */
export function isSeparatorLine(line: string): boolean {
  return line.startsWith('---') && (line.length === 3 || line[3] === ' ' || line[3] === '\t');
}
