/**
 * The header badge of a private chat. It says how the messages travel (peer to peer), not that
 * they are secret: the chat is plain text on the network. When encrypted private chats land,
 * this is the place for the padlock, shown only for an encrypted chat whose key is verified or
 * pinned (design.md, "Private chats").
 */
import { PeerIcon } from './icons.js';

export function PeerBadge() {
  return (
    <span className="badge p2p">
      <PeerIcon size={12} /> <span className="badge-words">Peer to peer</span>
    </span>
  );
}
