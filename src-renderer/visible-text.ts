/**
 * Network text as the window shows it: control characters (ESC, CR, NUL, C1…) become visible
 * marks, and bidi embeddings, overrides, isolates and marks become visible escapes, so a message
 * can't recolour, reorder or hide what surrounds it. The terminal does the same with its
 * `\x1b` escapes (src-main/client/terminal/safe-text.ts); the window uses the Unicode control
 * pictures (␛, ␍, ␀) where there is one. Bidi isolation itself is the markup's job (`<bdi>`,
 * `dir="auto"`); this is what makes the characters seen.
 */

/**
 * C0 controls except tab and line feed (handled by the caller's `lines`), DEL, C1 controls, the
 * line and paragraph separators, the Arabic letter mark, LRM/RLM and the bidi embeddings,
 * overrides and isolates.
 */
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_IN_LINE =
  // eslint-disable-next-line no-control-regex -- as above, with tab and line feed
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function mark(char: string): string {
  const code = char.charCodeAt(0);
  // U+2400 CONTROL PICTURES: ␀ … ␟ for C0, ␡ for DEL.
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return `\\u{${code.toString(16)}}`;
}

/**
 * The text with every unsafe character shown. `lines: true` (message bodies) keeps line feeds
 * and tabs as they are; otherwise (names, one-line notices) they are shown too.
 */
export function visibleText(text: string, options: { lines?: boolean } = {}): string {
  return text.replace(options.lines ? UNSAFE : UNSAFE_IN_LINE, mark);
}
