/**
 * Text from the network (messages, usernames, reasons, server sentences) made safe to print on a
 * terminal: controls can't move the cursor, recolour, retitle or clear it, bidi overrides can't
 * reorder what is shown, and no line of a message can pass for a line of the terminal's own.
 */

/**
 * C0 controls (tab, CR and ESC included), DEL, C1 controls, the line and paragraph separators
 * and the bidirectional embeddings, overrides and isolates. `\n` is handled by the callers.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escapeChar(char: string): string {
  const code = char.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One line: every unsafe character and every line break shown as an escape such as `\x1b`. */
export function safeLine(text: string): string {
  return text.replace(UNSAFE, escapeChar).replaceAll('\n', '\\n');
}

/**
 * `head` then the text; each further line of the text is indented by the width of `head`, so it
 * starts with spaces and can't be read as the start of another sender's message.
 */
export function safeBlock(head: string, text: string): string {
  const indent = ' '.repeat(Math.max(2, head.length));
  return text
    .split(/\r?\n/)
    .map((line, index) => (index === 0 ? head : indent) + line.replace(UNSAFE, escapeChar))
    .join('\n');
}
