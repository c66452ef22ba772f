import { usePeopleStore } from '../stores/people-store.js';
import { usePresence } from '../stores/presence.js';
import { usePrivateStore } from '../stores/private-store.js';

/** Why a private chat with `peer` can't be asked for now, or undefined when it can. */
export function usePrivateChatReason(peer: string): string | undefined {
  const presence = usePresence(peer);
  const blocked = usePeopleStore((s) => s.blocked.includes(peer));
  const running = usePrivateStore((s) => s.chats.includes(peer));
  const pending = usePrivateStore((s) => s.outgoing[peer]?.status);
  const asked = usePrivateStore((s) => s.incoming.some((r) => r.from === peer));
  if (presence === 'unknown') return 'Not connected to the server';
  if (running) return 'A private chat with them is already open';
  if (pending === 'asking' || pending === 'waiting') return 'Waiting for their answer';
  if (asked) return 'They have asked you: answer their request';
  if (blocked) return `Unblock ${peer} first`;
  if (presence === 'offline') return `${peer} is offline`;
  return undefined;
}
