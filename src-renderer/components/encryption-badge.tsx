/**
 * The padlock of a private chat, shown only while the chat is open: every open chat is end-to-end
 * encrypted with a key Parley pinned (or the user verified). Beside it, the button that opens the
 * safety number; in any conversation with the person, a refused key change is said in words there.
 */
import { useEffect } from 'react';
import { useSafetyStore } from '../stores/safety-store.js';
import { LockIcon } from './icons.js';

interface Props {
  peer: string;
  live: boolean;
  isPrivate: boolean;
}

export function EncryptionBadge({ peer, live, isPrivate }: Props) {
  const status = useSafetyStore((s) => s.byUser[peer]?.status);
  useEffect(() => {
    if (live) void useSafetyStore.getState().load(peer);
  }, [peer, live]);
  const encrypted = live && (status === 'pinned' || status === 'verified');
  const changed = status === 'changed';
  if (!isPrivate && !changed) return null;
  return (
    <>
      {encrypted && (
        <span className="badge e2e">
          <LockIcon size={12} />{' '}
          <span className="badge-words">{status === 'verified' ? 'Encrypted, verified' : 'Encrypted'}</span>
        </span>
      )}
      <button
        type="button"
        className={changed ? 'secondary small bad' : 'secondary small'}
        onClick={() => useSafetyStore.getState().show(peer)}
      >
        {changed ? 'Safety number changed' : 'Safety number'}
      </button>
    </>
  );
}
