/** Runs one typed command against the client and prints its outcome in words a person reads. */
import { NO_STATUS, errorMessage, isParleyError } from '../parley-error.js';
import type { ParleyClient } from '../parley-client.js';
import { changePassword, deleteAccount, type Ask } from './account-commands.js';
import { HELP_LINES, type Command } from './commands.js';
import { FileBoard } from './file-lines.js';
import {
  formatBroadcastQueued,
  formatBroadcastResult,
  formatError,
  formatSafety,
  formatSent,
  formatUsers,
} from './format.js';
import { runRoomCommand } from './room-commands.js';
import { safeLine } from './safe-text.js';
import { serverLines } from './server-trust-prompt.js';

type Print = (line: string) => void;

const OFFLINE =
  'You are not connected to the server right now; Parley keeps trying to reconnect (type reconnect to try now)';

/** Runs one command; errors become one `Error: ...` line. Resolves 'logout' when the user left. */
export async function runCommand(
  command: Command,
  client: ParleyClient,
  print: Print,
  ask?: Ask,
  files: FileBoard = new FileBoard(),
): Promise<'logout' | undefined> {
  try {
    if (command.kind === 'password' || command.kind === 'unregister') {
      if (!ask) throw new Error(`${command.kind} needs to ask for a password`);
      return command.kind === 'password'
        ? await changePassword(client, ask, print)
        : await deleteAccount(client, ask, print);
    }
    return await run(command, client, print, files);
  } catch (error) {
    if (isParleyError(error, NO_STATUS) && !client.isConnected) print(OFFLINE);
    else print(formatError(errorMessage(error)));
    return undefined;
  }
}

async function run(
  command: Command,
  client: ParleyClient,
  print: Print,
  files: FileBoard,
): Promise<'logout' | undefined> {
  switch (command.kind) {
    case 'sendfile':
    case 'acceptfile':
    case 'rejectfile':
    case 'cancelfile':
    case 'files':
      await runFileCommand(command, client, print, files);
      return undefined;
    case 'empty':
    case 'password':
    case 'unregister':
      return undefined;
    case 'rooms':
    case 'create':
    case 'join':
    case 'leave':
    case 'invite':
    case 'kick':
    case 'members':
    case 'topic':
    case 'say':
    case 'history':
      await runRoomCommand(command, client, print);
      return undefined;
    case 'help':
      HELP_LINES.forEach(print);
      print(`Private chats are end-to-end encrypted; your key is kept in ${client.keyProtection}`);
      return undefined;
    case 'safety':
      formatSafety(client.safety(command.user)).forEach(print);
      return undefined;
    case 'verify':
    case 'unverify': {
      const verified = command.kind === 'verify';
      const info = client.setVerified(command.user, verified);
      print(verified ? `${info.user} is verified` : `${info.user} is no longer verified`);
      return undefined;
    }
    case 'acceptkey':
      client.acceptNewKey(command.user);
      print(`The new key of ${command.user} is accepted; startprivate ${command.user} to chat again`);
      return undefined;
    case 'message': {
      const line = formatSent(await client.sendMessage(command.to, command.text));
      if (line) print(line);
      return undefined;
    }
    case 'broadcast': {
      const { message, skipped } = await client.broadcast(command.text);
      print(message.state === 'queued' ? formatBroadcastQueued() : formatBroadcastResult(skipped));
      return undefined;
    }
    case 'whoelse':
      print(formatUsers('Online now', await client.whoelse(), 'No other users are online'));
      return undefined;
    case 'whoelsesince': {
      const since = `in the last ${command.seconds} seconds`;
      const users = await client.whoelseSince(command.seconds);
      print(formatUsers(`Online ${since}`, users, `No other users were online ${since}`));
      return undefined;
    }
    case 'block':
      await client.block(command.user);
      print(`${command.user} is blocked`);
      return undefined;
    case 'unblock':
      await client.unblock(command.user);
      print(`${command.user} is unblocked`);
      return undefined;
    case 'blocklist':
      print(formatUsers('You have blocked', await client.blocklist(), 'You have not blocked anyone'));
      return undefined;
    case 'logout':
      await leave(client);
      print('You have logged out. Goodbye!');
      return 'logout';
    case 'reconnect':
      if (client.isConnected) print('You are connected to the server');
      else client.reconnectNow();
      return undefined;
    case 'server':
      serverLines(client).forEach(print);
      return undefined;
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
      if (!command.accept) print(`You declined the private chat request from ${safeLine(request.from)}`);
      return undefined;
    }
  }
}

type FileCommand = Extract<
  Command,
  { kind: 'sendfile' | 'acceptfile' | 'rejectfile' | 'cancelfile' | 'files' }
>;

/** What is under way is printed by the transfer's events; these lines only answer the command. */
async function runFileCommand(
  command: FileCommand,
  client: ParleyClient,
  print: Print,
  files: FileBoard,
): Promise<void> {
  if (command.kind === 'files') {
    files.listLines(client.files()).forEach(print);
    return;
  }
  if (command.kind === 'sendfile') {
    await client.sendFile(command.user, command.path);
    return;
  }
  const id = files.idOf(command.file);
  if (id === undefined) {
    print(`There is no file ${command.file}; type files for the list`);
    return;
  }
  if (command.kind === 'acceptfile') await client.acceptFile(id);
  else if (command.kind === 'rejectfile') client.rejectFile(id);
  else client.cancelFile(id);
}

/** Logs out; with the server gone there is nobody to tell but the private chats, and that is enough. */
export async function leave(client: ParleyClient): Promise<void> {
  await client.logout().catch(() => undefined);
}
