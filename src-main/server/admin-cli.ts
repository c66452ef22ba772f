/**
 * `npm run server -- admin list|remove USER|lock USER SECONDS|unlock USER [--data DIR]`: the
 * headless server's administration, on its data folder while no server runs on it. A running
 * server holds the folder's exclusive lock; then this refuses with one line rather than talk to it
 * over a control socket: a second way into a running server would need its own authentication and
 * tests on every OS (a socket file's 0600 means nothing for a Windows named pipe), for something
 * done rarely, and the app that hosts a server has the same commands in Settings.
 */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { ChatStore } from '../store/chat-store.js';
import { DatabaseInUseError } from '../store/database.js';
import { AdminError, storeAdmin, type AccountInfo } from './admin.js';

export const ADMIN_USAGE = `usage: npm run server -- admin list [--data DIR]
       npm run server -- admin remove USER [--data DIR]
       npm run server -- admin lock USER SECONDS [--data DIR]
       npm run server -- admin unlock USER [--data DIR]
  Works on the data folder (default ./.parley-data) while no server runs on it.`;

interface Output {
  out(line: string): void;
  err(line: string): void;
}

/** Runs one admin command; resolves with the process exit code. */
export async function runAdmin(argv: readonly string[], io: Output, now = Date.now): Promise<number> {
  let values: { data?: string | undefined; help?: boolean | undefined };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { data: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    return usage(io, error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    io.out(ADMIN_USAGE);
    return 0;
  }
  const [command, user, seconds, ...extra] = positionals;
  const arity: Record<string, number> = { list: 0, remove: 1, lock: 2, unlock: 1 };
  const wanted = command === undefined ? undefined : arity[command];
  if (wanted === undefined)
    return usage(io, command ? `unknown admin command "${command}"` : 'which admin command?');
  if ([user, seconds].filter((x) => x !== undefined).length !== wanted || extra.length > 0) {
    return usage(
      io,
      `admin ${command} takes ${wanted === 0 ? 'no arguments' : wanted === 1 ? 'USER' : 'USER SECONDS'}`,
    );
  }
  if (command === 'lock' && !/^\d+$/.test(seconds ?? '')) return usage(io, 'SECONDS is a whole number');

  const dataDir = values.data ?? '.parley-data';
  let store: ChatStore;
  try {
    store = ChatStore.open(join(dataDir, 'parley.sqlite'));
  } catch (error) {
    if (!(error instanceof DatabaseInUseError)) throw error;
    io.err(
      `error: a Parley server is running on ${dataDir}; stop it first (the app that hosts it has these commands in Settings)`,
    );
    return 1;
  }
  try {
    const admin = storeAdmin(store, now);
    const name = user ?? '';
    switch (command) {
      case 'list':
        for (const line of formatAccounts(await admin.listAccounts(), now())) io.out(line);
        break;
      case 'remove':
        await admin.removeAccount(name);
        io.out(`removed ${name}`);
        break;
      case 'lock':
        await admin.lock(name, Number(seconds));
        io.out(`locked ${name} for ${Number(seconds)} s`);
        break;
      default:
        io.out((await admin.unlock(name)) ? `unlocked ${name}` : `${name} was not locked`);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof AdminError)) throw error;
    io.err(`error: ${error.message}`);
    return 1;
  } finally {
    store.close();
  }
}

export function formatAccounts(accounts: readonly AccountInfo[], now: number): string[] {
  if (accounts.length === 0) return ['no accounts'];
  const width = Math.max(8, ...accounts.map((a) => a.username.length));
  const lines = [`${'USERNAME'.padEnd(width)}  ${'LOCKED UNTIL'.padEnd(24)}  LAST SEEN`];
  for (const account of accounts) {
    const locked =
      account.lockedUntil !== null && account.lockedUntil > now
        ? new Date(account.lockedUntil).toISOString()
        : '-';
    const seen = account.online
      ? 'online now'
      : account.lastSeen === null
        ? 'never'
        : new Date(account.lastSeen).toISOString();
    lines.push(`${account.username.padEnd(width)}  ${locked.padEnd(24)}  ${seen}`);
  }
  return lines;
}

function usage(io: Output, message: string): number {
  io.err(`error: ${message}`);
  io.err(ADMIN_USAGE);
  return 2;
}
