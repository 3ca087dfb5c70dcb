import { inert } from './format.js';

/** The styles of the incident text. */
export type Style = 'red' | 'yellow' | 'green' | 'dim' | 'bold';

/** Wraps text in an ANSI style, or leaves it as it is. */
export type Paint = (style: Style, text: string) => string;

const ANSI: Readonly<Record<Style, string>> = {
  red: '31',
  yellow: '33',
  green: '32',
  dim: '2',
  bold: '1',
};

/** A {@link Paint} that colors (`color`) or does nothing. */
export function paintOf(color: boolean): Paint {
  return color ? (style, text) => `\u001b[${ANSI[style]}m${text}\u001b[0m` : (_, text) => text;
}

/**
 * A value for one line of a terminal: line breaks and tabs become spaces, and every other control
 * character or bidirectional override a visible `\u{…}` (see `inert`). Alert messages and cluster
 * names are attacker-controlled: they must not move the cursor, clear the screen or forge a line.
 */
export function textCell(value: string): string {
  return inert(value.replace(/[\r\n\t\v\f\u2028\u2029]+/g, ' '));
}
