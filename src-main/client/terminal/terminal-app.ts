/**
 * The terminal messenger: logs in through prompts, then runs one command per line and prints
 * every event as a line. Resolves with the process exit code.
 */
import type { Readable, Writable } from 'node:stream';
import { Status } from '../../../src-shared/protocol/index.js';
import { NO_STATUS, ParleyError, errorMessage } from '../parley-error.js';
import { ParleyClient } from '../parley-client.js';
import type { PrivateChatsOptions } from '../private-chats.js';
import { HELP_LINES, parseCommand, type Command } from './commands.js';
import { formatBroadcastResult, formatError, formatEvent, formatSent, formatUsers } from './format.js';
import { LineReader } from './line-reader.js';

export interface TerminalOptions {
  readonly host: string;
  readonly port: number;
  readonly input: Readable;
  readonly output: Writable;
  /** A person at a terminal (hide the password as it is typed) rather than a script. */
  readonly interactive: boolean;
  readonly p2p?: PrivateChatsOptions;
}

export async function runTerminal(options: TerminalOptions): Promise<number> {
  const print = (line: string): void => void options.output.write(`${line}\n`);
  const reader = new LineReader(options.input, options.output, options.interactive);
  const client = new ParleyClient({
    host: options.host,
    port: options.port,
    ...(options.p2p ? { p2p: options.p2p } : {}),
  });
  try {
    await client.connect();
  } catch (error) {
    print(formatError(errorMessage(error)));
    reader.close();
    return 1;
  }
  const loginCode = await logIn(client, reader, print);
  if (loginCode !== undefined) {
    reader.close();
    await client.disconnect();
    return loginCode;
  }
  print(`Welcome to Parley, ${client.username ?? ''}! Type help for the list of commands`);

  let finish: (code: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => (finish = resolve));
  let lostServer = false;
  client.onAny((event) => {
    const line = formatEvent(event);
    if (line !== undefined) print(line);
    if (event.type === 'disconnected') {
      if (event.reason === 'timeout') finish(0);
      if (event.reason === 'shutdown' || event.reason === 'lost') {
        lostServer = true;
        // Private chats are peer to peer and outlive the server; stay while any is open.
        if (client.privateChats.length === 0) finish(1);
        else print('Your private chats go on; other commands need the server');
      }
    }
    if (event.type === 'private-ended' && lostServer && client.privateChats.length === 0) finish(1);
  });

  const commands = (async () => {
    for (;;) {
      const line = await Promise.race([reader.next(), finished.then(() => null)]);
      if (line === null) return;
      if (line === undefined) {
        // End of input: leave as cleanly as the logout command does.
        await client.logout().catch(() => undefined);
        finish(lostServer ? 1 : 0);
        return;
      }
      const parsed = parseCommand(line);
      if (!parsed.ok) print(parsed.error);
      else if ((await run(parsed.command, client, print)) === 'logout') finish(0);
    }
  })();

  const code = await finished;
  reader.close();
  await commands;
  await client.disconnect();
  return code;
}

type Print = (line: string) => void;

/** Prompts until logged in; returns an exit code when the user can't or won't log in. */
async function logIn(client: ParleyClient, reader: LineReader, print: Print): Promise<number | undefined> {
  for (;;) {
    const username = (await reader.ask('Username: '))?.trim();
    if (username === undefined) return 1;
    if (username === '') continue;
    for (;;) {
      const password = await reader.ask('Password: ', true);
      if (password === undefined) return 1;
      try {
        await client.login(username, password);
        return undefined;
      } catch (error) {
        const status = error instanceof ParleyError ? error.status : NO_STATUS;
        if (status === Status.notFound) {
          const registered = await offerRegistration(client, reader, print, username, password);
          if (registered === undefined) return 1;
          if (registered) return undefined;
          break;
        }
        print(errorMessage(error));
        if (status === Status.unauthorized) continue; // wrong password: ask for it again
        if (status === Status.forbidden || status === NO_STATUS || !client.session.isConnected) return 1;
        break; // already logged in, bad username...: ask for a username again
      }
    }
  }
}

/** True once registered and logged in, false to ask for another username, undefined at end of input. */
async function offerRegistration(
  client: ParleyClient,
  reader: LineReader,
  print: Print,
  username: string,
  password: string,
): Promise<boolean | undefined> {
  const answer = await reader.ask(
    `No user named ${username}. Register this username with that password? (y/n) `,
  );
  if (answer === undefined) return undefined;
  if (!/^y(es)?$/i.test(answer.trim())) return false;
  try {
    await client.register(username, password);
    await client.login(username, password);
    print(`Registered ${username}`);
    return true;
  } catch (error) {
    print(errorMessage(error));
    return false;
  }
}

/** Runs one command, printing its outcome; errors become one `Error: ...` line. */
async function run(command: Command, client: ParleyClient, print: Print): Promise<'logout' | undefined> {
  try {
    switch (command.kind) {
      case 'empty':
        return undefined;
      case 'help':
        HELP_LINES.forEach(print);
        return undefined;
      case 'message': {
        const line = formatSent(await client.sendMessage(command.to, command.text));
        if (line) print(line);
        return undefined;
      }
      case 'broadcast': {
        const line = formatBroadcastResult((await client.broadcast(command.text)).skipped);
        if (line) print(line);
        return undefined;
      }
      case 'whoelse':
        formatUsers(await client.whoelse(), 'No other users are online').forEach(print);
        return undefined;
      case 'whoelsesince':
        formatUsers(await client.whoelseSince(command.seconds), 'No other users in that time').forEach(print);
        return undefined;
      case 'block':
        await client.block(command.user);
        print(`${command.user} is blocked`);
        return undefined;
      case 'unblock':
        await client.unblock(command.user);
        print(`${command.user} is unblocked`);
        return undefined;
      case 'blocklist':
        formatUsers(await client.blocklist(), 'You have not blocked anyone').forEach(print);
        return undefined;
      case 'logout':
        await client.logout();
        print('You have logged out. Goodbye!');
        return 'logout';
      case 'startprivate':
        await client.startPrivate(command.user);
        print(`Private chat request sent to ${command.user}`);
        return undefined;
      case 'private':
        await client.sendPrivate(command.to, command.text);
        return undefined;
      case 'stopprivate':
        await client.stopPrivate(command.user);
        return undefined;
      case 'answer': {
        const request = client.privateRequests[0];
        if (!request) {
          print('There is no private chat request to answer');
          return undefined;
        }
        await client.answerPrivate(request.requestId, command.accept);
        if (!command.accept) print(`You declined the private chat request from ${request.from}`);
        return undefined;
      }
    }
  } catch (error) {
    print(formatError(errorMessage(error)));
    return undefined;
  }
}
