/**
 * The relay's hot path: a direct message in the shape clients send it,
 * `[message] {"to":"NAME","text":"TEXT"}` with nothing escaped in TEXT, is recognised and checked
 * without JSON.parse or the schema, which together took a quarter of the server's time when
 * relaying (docs/performance.md). Every other line, and any line this would reject, goes to the
 * general parser, which gives the same frame more slowly and words every error.
 */
import {
  isValidText,
  parseFrame,
  USERNAME_PATTERN,
  type DecodeResult,
  type RouteFrame,
} from '../../src-shared/protocol/index.js';

/** A request whose body was already checked against its schema while it was parsed. */
export interface CheckedFrame extends RouteFrame {
  readonly checked: true;
}

/**
 * A direct message's body, as the handler gets it. Only the fast path sets `textJson` (the text as
 * a JSON string, which it read off the wire); the schema drops a client's own field of that name.
 */
export interface MessageBody {
  readonly to: string;
  readonly text: string;
  readonly textJson?: string;
  /** Never set on the fast path: a reply or a room message takes the general one. */
  readonly replyTo?: undefined;
  readonly room?: undefined;
}

export function isChecked(frame: RouteFrame): frame is CheckedFrame {
  return (frame as Partial<CheckedFrame>).checked === true;
}

const NAME = USERNAME_PATTERN.source.slice(1, -1); // the pattern without its ^ and $
/** With no quote, backslash or control character in it, a JSON string is its text verbatim. */
const PLAIN_MESSAGE = new RegExp(
  `^\\[message\\] \\{"to":"(${NAME})","text":"([^"\\\\\\u0000-\\u001f]+)"\\}$`,
);

/** Parses one request line, taking the fast path when it applies. Never throws. */
export function parseRequestLine(line: string): DecodeResult {
  return parsePlainMessage(line) ?? parseFrame(line);
}

/** The checked frame of a plain direct message, or undefined when the general parser must decide. */
export function parsePlainMessage(line: string): DecodeResult | undefined {
  const match = PLAIN_MESSAGE.exec(line);
  const to = match?.[1];
  const text = match?.[2];
  if (to === undefined || text === undefined || !isValidText(text)) return undefined;
  const body = { to, text, textJson: `"${text}"` } satisfies MessageBody;
  const frame: CheckedFrame = { kind: 'route', route: 'message', body, checked: true };
  return { ok: true, frame };
}
