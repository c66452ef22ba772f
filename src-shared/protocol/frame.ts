/**
 * Framing of protocol version 1.1 (framing unchanged since 1.0): one `[ROUTE] BODY` frame per LF-terminated line.
 * Plain TypeScript (no Node APIs) so the server, the clients and the renderer share it.
 */
import { isSuccess } from './status.js';

/** A frame longer than this, its LF included, is rejected with 413. */
export const MAX_FRAME_BYTES = 64 * 1024;

export type JsonObject = Record<string, unknown>;

/** A request or a push: the route is a lowercase word and the body a JSON object. */
export interface RouteFrame {
  readonly kind: 'route';
  readonly route: string;
  readonly body: JsonObject;
}

/** A response: a 2xx carries a JSON object, an error carries a human-readable message. */
export interface ResponseFrame {
  readonly kind: 'response';
  readonly status: number;
  readonly body: JsonObject | string;
}

export type Frame = RouteFrame | ResponseFrame;

export type FrameError =
  { readonly kind: 'too-large' } | { readonly kind: 'malformed'; readonly reason: string };

export type DecodeResult =
  { readonly ok: true; readonly frame: Frame } | ({ readonly ok: false } & FrameError);

const ROUTE_WORD = /^[a-z][a-z0-9]*$/;
const STATUS_CODE = /^[1-5][0-9]{2}$/;

/** Parses one line (without its LF; a trailing CR is ignored). Never throws. */
export function parseFrame(rawLine: string): DecodeResult {
  const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
  if (line.charCodeAt(0) !== 0x5b /* [ */) return malformed('a frame starts with [ROUTE]');
  const close = line.indexOf(']');
  if (close < 0) return malformed('a frame starts with [ROUTE]');
  const head = line.slice(1, close);
  // One space separates the route from the body; tolerate a missing body for bodiless frames.
  const rest = line.length > close + 1 ? line.slice(close + 1) : '';
  if (rest !== '' && !rest.startsWith(' ')) return malformed('expected one space after [ROUTE]');
  const bodyText = rest.slice(1);

  if (STATUS_CODE.test(head)) {
    const status = Number(head);
    if (!isSuccess(status)) return { ok: true, frame: { kind: 'response', status, body: bodyText } };
    if (startsWithSpace(bodyText)) return malformed(EXACTLY_ONE_SPACE);
    const body = parseObject(bodyText === '' ? '{}' : bodyText);
    if (body === undefined) return malformed('the body of a 2xx response must be a JSON object');
    return { ok: true, frame: { kind: 'response', status, body } };
  }
  if (!ROUTE_WORD.test(head)) return malformed('the route must be a lowercase word or a status code');
  // JSON.parse would skip more whitespace, but the spec says one space: say so, not guess.
  if (startsWithSpace(bodyText)) return malformed(EXACTLY_ONE_SPACE);
  const body = parseObject(bodyText === '' ? '{}' : bodyText);
  if (body === undefined) return malformed('the body must be a JSON object on one line');
  return { ok: true, frame: { kind: 'route', route: head, body } };
}

const EXACTLY_ONE_SPACE = 'expected exactly one space after [ROUTE], then the body';

function startsWithSpace(text: string): boolean {
  const first = text.charCodeAt(0);
  return first === 0x20 || first === 0x09;
}

function parseObject(text: string): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as JsonObject;
    return undefined;
  } catch {
    return undefined;
  }
}

function malformed(reason: string): DecodeResult {
  return { ok: false, kind: 'malformed', reason };
}

/** Encodes a request or push. JSON.stringify never emits a raw LF, so the frame stays one line. */
export function encodeRoute(route: string, body: JsonObject = {}): string {
  return `[${route}] ${JSON.stringify(body)}\n`;
}

/** Encodes a response: JSON for 2xx, a one-line plain-text message otherwise. */
export function encodeResponse(status: number, body: JsonObject | string = {}): string {
  if (typeof body === 'string') return `[${status}] ${body.replace(/[\r\n]+/g, ' ')}\n`;
  return `[${status}] ${JSON.stringify(body)}\n`;
}

export function encodeFrame(frame: Frame): string {
  return frame.kind === 'route'
    ? encodeRoute(frame.route, frame.body)
    : encodeResponse(frame.status, frame.body);
}
