/** Parses one line the user typed into a typed command. Pure, so every form is unit-tested. */
import { isValidText, MAX_TEXT_CHARS, USERNAME_PATTERN } from '../../../src-shared/protocol/index.js';
import {
  isRoomCommandName,
  parseHashSay,
  parseRoomCommand,
  ROOM_USAGE,
  type RoomCommand,
} from './room-commands.js';
import { safeLine } from './safe-text.js';

/** The longest whoelsesince the protocol takes: ten years. */
export const MAX_SINCE_SECONDS = 10 * 365 * 24 * 3600;

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
  | { readonly kind: 'safety'; readonly user: string }
  | { readonly kind: 'verify'; readonly user: string }
  | { readonly kind: 'unverify'; readonly user: string }
  | { readonly kind: 'acceptkey'; readonly user: string }
  | { readonly kind: 'reconnect' }
  | { readonly kind: 'sendfile'; readonly user: string; readonly path: string }
  | { readonly kind: 'acceptfile' | 'rejectfile' | 'cancelfile'; readonly file: number }
  | { readonly kind: 'files' }
  /** Where this client is connected, whether with TLS, and the server's fingerprint. */
  | { readonly kind: 'server' }
  /** 1.2 accounts: change the password, delete the account (the passwords are asked, hidden). */
  | { readonly kind: 'password' }
  | { readonly kind: 'unregister' }
  /** `y` or `n`: the answer to the oldest private chat request. */
  | { readonly kind: 'answer'; readonly accept: boolean }
  | { readonly kind: 'empty' }
  /** 1.2 rooms (room-commands.ts). */
  | RoomCommand;

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
  safety: 'safety <user>',
  verify: 'verify <user>',
  unverify: 'unverify <user>',
  acceptkey: 'acceptkey <user>',
  reconnect: 'reconnect',
  sendfile: 'sendfile <user> <path>',
  acceptfile: 'acceptfile <number>',
  rejectfile: 'rejectfile <number>',
  cancelfile: 'cancelfile <number>',
  files: 'files',
  server: 'server',
  password: 'password  (change your password)',
  unregister: 'unregister  (delete your account)',
  help: 'help',
} as const;

type Name = keyof typeof USAGE;

export const HELP_LINES: readonly string[] = [
  'Commands:',
  ...Object.values(USAGE).map((usage) => `  ${usage}`),
  '  y | n  (answer the oldest private chat request)',
  'Rooms:',
  ...Object.values(ROOM_USAGE).map((usage) => `  ${usage}`),
];

export function parseCommand(line: string): ParseResult {
  const trimmed = line.trim();
  if (trimmed === '') return ok({ kind: 'empty' });
  if (trimmed.startsWith('#')) return parseHashSay(trimmed);
  const [word = '', rest] = splitFirst(trimmed);
  const name = word.toLowerCase();
  if (/^(y|yes)$/.test(name) && rest === '') return ok({ kind: 'answer', accept: true });
  if (/^(n|no)$/.test(name) && rest === '') return ok({ kind: 'answer', accept: false });
  if (isRoomCommandName(name)) return parseRoomCommand(name, rest);
  if (!Object.hasOwn(USAGE, name))
    return fail(`Unknown command: ${safeLine(word)}. Type help for the list of commands`);
  return parseArguments(name as Name, rest);
}

function parseArguments(name: Name, rest: string): ParseResult {
  switch (name) {
    case 'whoelse':
    case 'blocklist':
    case 'logout':
    case 'reconnect':
    case 'files':
    case 'server':
    case 'help':
    case 'password':
    case 'unregister':
      return rest === '' ? ok({ kind: name }) : usage(name);
    case 'broadcast':
      return rest === '' ? usage(name) : (checkText(rest) ?? ok({ kind: name, text: rest }));
    case 'whoelsesince': {
      if (rest === '') return usage(name);
      const seconds = /^[0-9]+$/.test(rest) ? Number(rest) : Number.NaN;
      if (seconds >= 1 && seconds <= MAX_SINCE_SECONDS) return ok({ kind: name, seconds });
      return fail(`whoelsesince takes a whole number of seconds from 1 to ${MAX_SINCE_SECONDS} (ten years)`);
    }
    case 'block':
    case 'unblock':
    case 'startprivate':
    case 'stopprivate':
    case 'safety':
    case 'verify':
    case 'unverify':
    case 'acceptkey':
      if (rest === '' || /\s/.test(rest)) return usage(name);
      return checkName(rest) ?? ok({ kind: name, user: rest });
    case 'sendfile': {
      const [user = '', path] = splitFirst(rest);
      if (user === '' || path === '') return usage(name);
      return checkName(user) ?? ok({ kind: name, user, path });
    }
    case 'acceptfile':
    case 'rejectfile':
    case 'cancelfile':
      return /^[1-9][0-9]{0,8}$/.test(rest) ? ok({ kind: name, file: Number(rest) }) : usage(name);
    case 'message':
    case 'private': {
      const [to = '', text] = splitFirst(rest);
      if (to === '' || text === '') return usage(name);
      return checkName(to) ?? checkText(text) ?? ok({ kind: name, to, text });
    }
  }
}

function checkName(name: string): ParseResult | undefined {
  if (isUsername(name)) return undefined;
  return fail(`"${safeLine(name)}" is not a valid username: ${USERNAME_RULE}`);
}

function checkText(text: string): ParseResult | undefined {
  return isValidText(text) ? undefined : fail(`A message is at most ${MAX_TEXT_CHARS} characters`);
}

/** The first word and the rest of the line (its inner spacing kept). */
function splitFirst(text: string): [string, string] {
  const match = /^(\S+)(?:\s+([\s\S]*))?$/.exec(text);
  return [match?.[1] ?? '', match?.[2] ?? ''];
}

/** What a username may be, in words ("letters" alone would let a reader expect é or ß). */
export const USERNAME_RULE = '1 to 32 of A-Z, a-z, 0-9, _ . and -, with at least one letter or digit';

/** The protocol's username rule: the pattern, and since 1.2 at least one letter or digit (`...` is no name). */
export function isUsername(name: string): boolean {
  return USERNAME_PATTERN.test(name) && /[A-Za-z0-9]/.test(name);
}

function fail(error: string): ParseResult {
  return { ok: false, error };
}

function ok(command: Command): ParseResult {
  return { ok: true, command };
}

function usage(name: Name): ParseResult {
  return { ok: false, error: `Usage: ${USAGE[name]}` };
}
