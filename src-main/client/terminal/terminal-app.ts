/**
 * The terminal messenger: logs in through prompts, then runs one command per line and prints
 * every event as a line. Resolves with the process exit code.
 *
 * It listens before it logs in: messages stored while the user was away are pushed right behind
 * the login answer, and the client acknowledges each one only after it was printed.
 */
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { keyOf } from '../../../src-shared/api/conversation-key.js';
import type { ClientEvent } from '../../../src-shared/api/events.js';
import type { BackoffOptions } from '../backoff.js';
import { errorMessage } from '../parley-error.js';
import { ParleyClient } from '../parley-client.js';
import { probeServer } from '../probe-server.js';
import type { PrivateChatsOptions } from '../private-chats.js';
import { FileKeyStore, loadOrCreateStaticKey } from '../trust/key-store.js';
import { PinStore } from '../trust/pin-store.js';
import type { FileSettings } from '../files/chat-files.js';
import { parseCommand } from './commands.js';
import { FileBoard } from './file-lines.js';
import { formatError, formatEvent, formatQueuedOutcome } from './format.js';
import { LineReader } from './line-reader.js';
import { logIn } from './login-flow.js';
import { leave, runCommand } from './run-command.js';
import { formatRelation } from './room-format.js';
import { safeLine } from './safe-text.js';
import {
  defaultKnownServersFile,
  terminalTls,
  trustAdvice,
  usesTls,
  type TerminalTlsOptions,
} from './server-trust-prompt.js';

export interface TerminalOptions {
  readonly host: string;
  readonly port: number;
  readonly input: Readable;
  readonly output: Writable;
  /** A person at a terminal (hide the password as it is typed, show a prompt) rather than a script. */
  readonly interactive: boolean;
  readonly p2p?: PrivateChatsOptions;
  readonly reconnect?: BackoffOptions;
  /** Absent: auto (TLS for any host but this computer). */
  readonly tls?: TerminalTlsOptions;
  /** How long the first look at the server may take. Default 10 s. */
  readonly probeTimeoutMs?: number;
  /** Where the static key and the pinned keys of peers live; without it, only in memory. */
  readonly profileDir?: string;
  /** Where received files go (default ~/Downloads/Parley). */
  readonly downloadsFolder?: string;
}

/** Received files into the chosen folder; partial ones wait in the profile. */
function fileSettings(options: TerminalOptions): FileSettings {
  return {
    ...(options.downloadsFolder === undefined ? {} : { downloadsFolder: options.downloadsFolder }),
    ...(options.profileDir === undefined ? {} : { partialFolder: join(options.profileDir, 'partial-files') }),
  };
}

/** The profile's key (made at first run, in a 0600 file) and pins, added to the P2P options. */
function withProfile(p2p: PrivateChatsOptions, profileDir: string | undefined): PrivateChatsOptions {
  if (profileDir === undefined) return p2p;
  const store = new FileKeyStore(join(profileDir, 'static-key.json'));
  return {
    ...p2p,
    staticKeys: loadOrCreateStaticKey(store),
    pins: new PinStore(join(profileDir, 'pins.json')),
    keyProtection: `${store.protection}: ${store.path}`,
  };
}

export async function runTerminal(options: TerminalOptions): Promise<number> {
  const reader = new LineReader(options.input, options.output, options.interactive);
  const print = (line: string): void => reader.print(line);
  // Server pins beside the private-chat keys in the terminal's profile, when it has one.
  const knownServersFile =
    options.tls?.knownServersFile ??
    (options.profileDir === undefined
      ? defaultKnownServersFile()
      : join(options.profileDir, 'known-servers.json'));
  const client = new ParleyClient({
    host: options.host,
    port: options.port,
    p2p: withProfile(options.p2p ?? {}, options.profileDir),
    reconnect: options.reconnect ?? { maxDelayMs: 10_000 },
    files: fileSettings(options),
    tls: terminalTls({ ...(options.tls ?? { mode: 'auto' }), knownServersFile }, reader, print),
  });
  const files = new FileBoard();

  let finish: (code: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => (finish = resolve));
  let welcomed = false;
  /** Local ids of messages that waited for the connection: their outcome is told when it comes. */
  const queued = new Set<string>();
  /** Lines printed, by conversation key and message id: their edits and deletes are told. */
  const shown = new Set<string>();
  client.onAny((event) => {
    if (event.type === 'relation') {
      const id = 'id' in event.relation ? event.relation.id : undefined;
      const line =
        id !== undefined && shown.has(`${event.key} ${id}`) ? formatRelation(event.relation) : undefined;
      if (line !== undefined) print(line);
      return;
    }
    if (event.type === 'message-updated') {
      if (event.message.state === 'queued') queued.add(event.localId);
      else if (queued.has(event.localId)) {
        const line = formatQueuedOutcome(event.message);
        if (line !== undefined) {
          queued.delete(event.localId);
          print(line);
        }
      }
    }
    if (event.type === 'state' && event.state === 'logged-in' && !welcomed) {
      welcomed = true;
      print(`Welcome to Parley, ${safeLine(client.username ?? '')}! Type help for the list of commands`);
    }
    // Before the first login a dropped connection is nobody's news: the server closes one that
    // waits at a prompt for long (30 s), and the next login connects again.
    if (event.type === 'disconnected' && !welcomed) return;
    // Printing is synchronous: once this returns, the message is on the screen and may be acked.
    const line =
      event.type === 'file-offer'
        ? files.offerLine(event.transfer)
        : event.type === 'file-update'
          ? files.updateLine(event.transfer)
          : formatEvent(event);
    if (line !== undefined && !isQuietAttempt(event)) print(line);
    if (line !== undefined && event.type === 'message') {
      shown.add(`${keyOf(event.message)} ${event.message.id}`);
      if (shown.size > 10_000) shown.delete(shown.values().next().value as string);
    }
    if (event.type === 'disconnected' && event.reason === 'timeout') finish(0);
    if (event.type === 'notice' && welcomed && !client.isConnected && !client.reconnecting) {
      // The automatic login gave up for good (the notice said why).
      print('Parley could not log you in again; type logout to leave');
    }
  });

  try {
    // Before anything is asked: is a Parley server there at all? (The app's connect dialog asks the same.)
    await probeServer(
      { host: options.host, port: options.port },
      options.probeTimeoutMs ?? 10_000,
      usesTls(options.tls?.mode ?? 'auto', options.host),
    );
  } catch (error) {
    print(safeLine(errorMessage(error)));
    reader.close();
    return 1;
  }
  try {
    await client.connect();
  } catch (error) {
    print(formatError(errorMessage(error)));
    const advice = trustAdvice(error, knownServersFile);
    if (advice) print(advice);
    reader.close();
    return 1;
  }
  const loginCode = await logIn(client, reader, print);
  if (loginCode !== undefined) {
    reader.close();
    await client.disconnect();
    return loginCode;
  }
  reader.prompt();

  const commands = (async () => {
    for (;;) {
      const line = await Promise.race([reader.next(), finished.then(() => null)]);
      if (line === null) return;
      if (line === undefined) {
        // End of input: leave as cleanly as the logout command does.
        await leave(client);
        finish(0);
        return;
      }
      const parsed = parseCommand(line);
      if (!parsed.ok) print(parsed.error);
      else if (
        (await runCommand(
          parsed.command,
          client,
          print,
          (question, secret) => reader.ask(question, secret),
          files,
        )) === 'logout'
      ) {
        finish(0);
        return;
      }
      reader.prompt();
    }
  })();

  const code = await finished;
  reader.close();
  await commands;
  await client.disconnect();
  return code;
}

/** In a long outage, say only the first few attempts and then every tenth. */
function isQuietAttempt(event: ClientEvent): boolean {
  return event.type === 'reconnecting' && event.attempt > 3 && event.attempt % 10 !== 0;
}
