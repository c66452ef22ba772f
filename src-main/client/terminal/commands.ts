/** Parses one line the user typed into a typed command. Pure, so every form is unit-tested. */
import { USERNAME_PATTERN } from '../../../src-shared/protocol/index.js';

export type Command =
  | { readonly kind: 'message'; readonly to: string; readonly text: string }
  | { readonly kind: 'broadcast'; readonly text: string }
  | { readonly kind: 'whoelse' }
  | { readonly kind: 'whoelsesince'; readonly seconds: number }
  | { readonly kind: 'block'; readonly user: string }
  | { readonly kind: 'unblock'; readonly user: string }
  | { readonly kind: 'blocklist' }
  | { readonly kind: 'logout' }
  | { readonly kind: 'startprivate'; readonly user: string }
  | { readonly kind: 'private'; readonly to: string; readonly text: string }
  | { readonly kind: 'stopprivate'; readonly user: string }
  | { readonly kind: 'help' }
  /** `y` or `n`: the answer to the oldest private chat request. */
  | { readonly kind: 'answer'; readonly accept: boolean }
  | { readonly kind: 'empty' };

export type ParseResult =
  { readonly ok: true; readonly command: Command } | { readonly ok: false; readonly error: string };

export const USAGE = {
  message: 'message <user> <text>',
  broadcast: 'broadcast <text>',
  whoelse: 'whoelse',
  whoelsesince: 'whoelsesince <seconds>',
  block: 'block <user>',
  unblock: 'unblock <user>',
  blocklist: 'blocklist',
  logout: 'logout',
  startprivate: 'startprivate <user>',
  private: 'private <user> <text>',
  stopprivate: 'stopprivate <user>',
  help: 'help',
} as const;

type Name = keyof typeof USAGE;

export const HELP_LINES: readonly string[] = [
  'Commands:',
  ...Object.values(USAGE).map((usage) => `  ${usage}`),
  '  y | n  (answer a private chat request)',
];

export function parseCommand(line: string): ParseResult {
  const trimmed = line.trim();
  if (trimmed === '') return ok({ kind: 'empty' });
  const [word = '', rest] = splitFirst(trimmed);
  const name = word.toLowerCase();
  if (/^(y|yes)$/.test(name) && rest === '') return ok({ kind: 'answer', accept: true });
  if (/^(n|no)$/.test(name) && rest === '') return ok({ kind: 'answer', accept: false });
  if (!Object.hasOwn(USAGE, name))
    return { ok: false, error: `Unknown command: ${word}. Type help for the list of commands` };
  return parseArguments(name as Name, rest);
}

function parseArguments(name: Name, rest: string): ParseResult {
  switch (name) {
    case 'whoelse':
    case 'blocklist':
    case 'logout':
    case 'help':
      return rest === '' ? ok({ kind: name }) : usage(name);
    case 'broadcast':
      return rest === '' ? usage(name) : ok({ kind: name, text: rest });
    case 'whoelsesince': {
      if (!/^[0-9]+$/.test(rest)) return usage(name);
      const seconds = Number(rest);
      return seconds > 0 && Number.isSafeInteger(seconds) ? ok({ kind: name, seconds }) : usage(name);
    }
    case 'block':
    case 'unblock':
    case 'startprivate':
    case 'stopprivate':
      return isUsername(rest) ? ok({ kind: name, user: rest }) : usage(name);
    case 'message':
    case 'private': {
      const [to = '', text] = splitFirst(rest);
      return isUsername(to) && text !== '' ? ok({ kind: name, to, text }) : usage(name);
    }
  }
}

/** The first word and the rest of the line (its inner spacing kept). */
function splitFirst(text: string): [string, string] {
  const match = /^(\S+)(?:\s+([\s\S]*))?$/.exec(text);
  return [match?.[1] ?? '', match?.[2] ?? ''];
}

function isUsername(text: string): boolean {
  return USERNAME_PATTERN.test(text);
}

function ok(command: Command): ParseResult {
  return { ok: true, command };
}

function usage(name: Name): ParseResult {
  return { ok: false, error: `Usage: ${USAGE[name]}` };
}
