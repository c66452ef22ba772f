/**
 * The terminal's room commands (protocol 1.2): parsing what the user typed, and running it
 * against the client. Room names may be typed with or without their `#`.
 */
import { foldRelations } from '../../../src-shared/api/conversation-fold.js';
import type { ChatMessage } from '../../../src-shared/api/model.js';
import type { Relation } from '../../../src-shared/api/relations.js';
import { isValidText, MAX_TEXT_CHARS, USERNAME_PATTERN } from '../../../src-shared/protocol/index.js';
import {
  MAX_HISTORY_LIMIT,
  ROOM_NAME_PATTERN,
  topic as topicSchema,
} from '../../../src-shared/protocol/schemas-rooms.js';
import type { ParleyClient } from '../parley-client.js';
import { formatRoomLine, formatRoomSummary } from './room-format.js';
import { safeLine } from './safe-text.js';

export type RoomCommand =
  | { readonly kind: 'rooms' }
  | { readonly kind: 'create'; readonly room: string; readonly private: boolean }
  | { readonly kind: 'join' | 'leave' | 'members'; readonly room: string }
  | { readonly kind: 'invite' | 'kick'; readonly room: string; readonly user: string }
  | { readonly kind: 'topic'; readonly room: string; readonly topic: string }
  | { readonly kind: 'say'; readonly room: string; readonly text: string }
  | { readonly kind: 'history'; readonly room: string; readonly count: number };

type Parsed =
  { readonly ok: true; readonly command: RoomCommand } | { readonly ok: false; readonly error: string };

export const ROOM_USAGE = {
  rooms: 'rooms  (public rooms, yours and your invitations)',
  create: 'create <room> [private]',
  join: 'join <room>',
  leave: 'leave <room>',
  invite: 'invite <room> <user>',
  kick: 'kick <room> <user>  (the owner only)',
  members: 'members <room>',
  topic: 'topic <room> <text>',
  say: 'say <room> <text>  (or: #<room> <text>)',
  history: `history <room> [count]  (1-${MAX_HISTORY_LIMIT}, default 20)`,
} as const;

export type RoomCommandName = keyof typeof ROOM_USAGE;

export function isRoomCommandName(name: string): name is RoomCommandName {
  return Object.hasOwn(ROOM_USAGE, name);
}

const ROOM_RULE = '1 to 32 of a-z, 0-9, _ and - (lowercase)';

/** `rest` is what follows the command word. */
export function parseRoomCommand(name: RoomCommandName, rest: string): Parsed {
  const words = rest === '' ? [] : rest.split(/\s+/);
  const [first = '', second = ''] = words;
  const usage = (): Parsed => ({ ok: false, error: `Usage: ${ROOM_USAGE[name]}` });
  if (name === 'rooms') return rest === '' ? ok({ kind: 'rooms' }) : usage();
  if (first === '') return usage();
  const room = first.startsWith('#') ? first.slice(1) : first;
  if (!ROOM_NAME_PATTERN.test(room))
    return { ok: false, error: `"${safeLine(first)}" is not a valid room name: ${ROOM_RULE}` };
  const text = restAfter(rest);
  switch (name) {
    case 'create':
      if (words.length > 2 || (second !== '' && second !== 'private')) return usage();
      return ok({ kind: 'create', room, private: second === 'private' });
    case 'join':
    case 'leave':
    case 'members':
      return words.length === 1 ? ok({ kind: name, room }) : usage();
    case 'invite':
    case 'kick':
      if (words.length !== 2) return usage();
      if (!USERNAME_PATTERN.test(second))
        return { ok: false, error: `"${safeLine(second)}" is not a valid username` };
      return ok({ kind: name, room, user: second });
    case 'topic':
      if (!topicSchema.safeParse(text).success)
        return { ok: false, error: 'A topic is at most 200 characters' };
      return ok({ kind: 'topic', room, topic: text });
    case 'say':
      if (text === '') return usage();
      if (!isValidText(text))
        return { ok: false, error: `A message is at most ${MAX_TEXT_CHARS} characters` };
      return ok({ kind: 'say', room, text });
    case 'history': {
      if (words.length > 2) return usage();
      const count = second === '' ? 20 : /^[0-9]+$/.test(second) ? Number(second) : Number.NaN;
      if (!(count >= 1 && count <= MAX_HISTORY_LIMIT))
        return { ok: false, error: `history takes a count from 1 to ${MAX_HISTORY_LIMIT}` };
      return ok({ kind: 'history', room, count });
    }
  }
}

/** `#room text`: the short form of say. */
export function parseHashSay(line: string): Parsed {
  const match = /^#(\S+)(?:\s+([\s\S]*))?$/.exec(line);
  return parseRoomCommand('say', `${match?.[1] ?? ''} ${match?.[2] ?? ''}`.trim());
}

function ok(command: RoomCommand): Parsed {
  return { ok: true, command };
}

/** The line after its first word, inner spacing kept. */
function restAfter(text: string): string {
  return /^\S+\s*([\s\S]*)$/.exec(text)?.[1] ?? '';
}

type Print = (line: string) => void;

export async function runRoomCommand(
  command: RoomCommand,
  client: ParleyClient,
  print: Print,
): Promise<void> {
  switch (command.kind) {
    case 'rooms': {
      const rooms = await client.listRooms();
      if (rooms.length === 0) print('There are no rooms yet; create <room> makes one');
      else rooms.forEach((r) => print(formatRoomSummary(r)));
      return;
    }
    case 'create':
      await client.createRoom(command.room, { private: command.private });
      print(`You created #${command.room} (${command.private ? 'private: invite people to it' : 'public'})`);
      return;
    case 'join':
      await client.joinRoom(command.room);
      print(`You joined #${command.room}. Send with: #${command.room} <text>`);
      return;
    case 'leave':
      await client.leaveRoom(command.room);
      print(`You left #${command.room}`);
      return;
    case 'invite':
      await client.inviteToRoom(command.room, command.user);
      print(`You invited ${command.user} to #${command.room}`);
      return;
    case 'kick':
      await client.kickFromRoom(command.room, command.user);
      print(`You removed ${command.user} from #${command.room}`);
      return;
    case 'members': {
      const members = await client.roomMembers(command.room);
      const names = members.map(
        (m) => `${safeLine(m.user)}${m.owner ? ' (owner)' : ''}${m.online ? '' : ' (offline)'}`,
      );
      print(`Members of #${command.room}: ${names.join(', ')}`);
      return;
    }
    case 'topic':
      await client.setTopic(command.room, command.topic);
      return;
    case 'say':
      await client.sendRoomMessage(command.room, command.text);
      return;
    case 'history': {
      const page = await client.roomHistory(command.room, { limit: command.count });
      const messages: ChatMessage[] = [];
      const relations: Relation[] = [];
      for (const event of page.events) {
        if (event.type === 'message') messages.push(event.message);
        else relations.push(event.relation);
      }
      const shown = foldRelations(messages, relations);
      if (shown.length === 0) print(`Nothing in #${command.room} yet`);
      if (page.more)
        print(`Older items of #${command.room} exist: history ${command.room} ${MAX_HISTORY_LIMIT}`);
      for (const message of shown) print(formatRoomLine(message));
      return;
    }
  }
}
