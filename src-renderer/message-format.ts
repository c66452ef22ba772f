/**
 * A message's small formatting, parsed into plain data the renderer turns into React elements
 * (never HTML): ```blocks```, `code`, *emphasis* and http(s) links. Anything else, including
 * markup, is text. Every text comes out through visibleText, so controls and bidi overrides show.
 * A link is only what the shell would open (src-main/shell/security-policy.ts): http or https,
 * a host, no user name or password in it.
 */
import { visibleText } from './visible-text.js';

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'em'; children: Inline[] }
  | { type: 'link'; href: string; text: string };

export type Block = { type: 'para'; children: Inline[] } | { type: 'codeblock'; text: string };

const FENCE = '```';

/** The text as paragraphs and code blocks; an unclosed fence is text. */
export function parseMessage(text: string): Block[] {
  const blocks: Block[] = [];
  let rest = text;
  for (;;) {
    const open = rest.indexOf(FENCE);
    const close = open < 0 ? -1 : rest.indexOf(FENCE, open + FENCE.length);
    if (close < 0) break;
    const before = rest.slice(0, open);
    // The line breaks that only frame the block belong to it, not to the text around it.
    if (before.replace(/\n$/, '') !== '') blocks.push(para(before.replace(/\n$/, '')));
    const body = rest
      .slice(open + FENCE.length, close)
      .replace(/^\n/, '')
      .replace(/\n$/, '');
    blocks.push({ type: 'codeblock', text: visibleText(body, { lines: true }) });
    rest = rest.slice(close + FENCE.length).replace(/^\n/, '');
  }
  if (rest !== '' || blocks.length === 0) blocks.push(para(rest));
  return blocks;
}

function para(text: string): Block {
  return { type: 'para', children: inlines(text) };
}

const CODE = /`([^`\n]+)`/g;

function inlines(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const match of text.matchAll(CODE)) {
    out.push(...emphasis(text.slice(last, match.index)));
    out.push({ type: 'code', text: visibleText(match[1] ?? '', { lines: true }) });
    last = match.index + match[0].length;
  }
  out.push(...emphasis(text.slice(last)));
  return out;
}

/**
 * `*words*`: the stars hug the words (no space inside) and stand apart from other words, so
 * `2*3*4` and `a * b * c` stay text.
 */
const EMPHASIS = /(^|[\s([{"'])\*(?=[^\s*])([^*\n]*?[^\s*])\*(?=$|[\s)\]}"'.,;:!?])/g;

function emphasis(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const match of text.matchAll(EMPHASIS)) {
    const lead = match[1] ?? '';
    const start = match.index + lead.length;
    out.push(...links(text.slice(last, start)));
    out.push({ type: 'em', children: links(match[2] ?? '') });
    last = match.index + match[0].length;
  }
  out.push(...links(text.slice(last)));
  return out;
}

/** No whitespace, quotes, angle brackets, backticks, controls or bidi controls inside a link. */
const URL_LIKE =
  // eslint-disable-next-line no-control-regex -- keeping control characters out of links is the point
  /\bhttps?:\/\/[^\s<>"'`\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/gi;
const TRAILING = /[.,;:!?)\]}*]+$/;

function links(text: string): Inline[] {
  if (text === '') return [];
  const out: Inline[] = [];
  let last = 0;
  const push = (piece: string) => {
    if (piece === '') return;
    const prev = out.at(-1);
    if (prev?.type === 'text') prev.text += visibleText(piece, { lines: true });
    else out.push({ type: 'text', text: visibleText(piece, { lines: true }) });
  };
  for (const match of text.matchAll(URL_LIKE)) {
    let raw = match[0];
    // Sentence punctuation after a link is not part of it; a closing bracket is when it has its
    // opening one inside (Wikipedia's "…_(disambiguation)").
    const tail = TRAILING.exec(raw)?.[0] ?? '';
    raw = raw.slice(0, raw.length - tail.length);
    const balanced = keepBalancedParen(raw, tail);
    raw = balanced.url;
    const href = linkTarget(raw);
    push(text.slice(last, match.index));
    if (href === undefined) push(raw);
    else out.push({ type: 'link', href, text: visibleText(raw) });
    push(balanced.tail);
    last = match.index + match[0].length;
  }
  push(text.slice(last));
  return out;
}

function keepBalancedParen(url: string, tail: string): { url: string; tail: string } {
  const opens = url.split('(').length - 1;
  const closes = url.split(')').length - 1;
  if (tail.startsWith(')') && opens > closes) return { url: `${url})`, tail: tail.slice(1) };
  return { url, tail };
}

/** The address a link opens, or undefined when it is not one the app opens. */
export function linkTarget(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.hostname === '' || url.username !== '' || url.password !== '') return undefined;
  return url.href;
}
