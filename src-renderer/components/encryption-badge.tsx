/**
 * The padlock of a private chat, shown only while the chat is open: every open chat is end-to-end
 * encrypted with a key Parley pinned (or the user verified). Beside it, the button that opens the
 * safety number.
 */
import { useEffect } from 'react';
import { useSafetyStore } from '../stores/safety-store.js';
import { LockIcon } from './icons.js';

export function EncryptionBadge({ peer, live }: { peer: string; live: boolean }) {
  const status = useSafetyStore((s) => s.byUser[peer]?.status);
  useEffect(() => {
    if (live) void useSafetyStore.getState().load(peer);
  }, [peer, live]);
  const encrypted = live && (status === 'pinned' || status === 'verified');
  return (
    <>
      {encrypted && (
        <span className="badge e2e">
          <LockIcon size={12} />{' '}
          <span className="badge-words">{status === 'verified' ? 'Encrypted, verified' : 'Encrypted'}</span>
        </span>
      )}
      <button type="button" className="secondary small" onClick={() => useSafetyStore.getState().show(peer)}>
        Safety number
      </button>
    </>
  );
}
