/**
 * Per-conversation mute: "Mute #room" / "Unmute #room" (or a person's name) in the conversation's
 * header and in the sidebar item's menu (right-click, the Menu key or Shift+F10). The app core
 * keeps it per server and user; a muted conversation notifies only of mentions.
 */
import { useEffect, useId, useRef, useState, type MouseEvent, type ReactNode } from 'react';
import { useConversationsStore } from '../stores/conversations-store.js';
import { titleOf } from '../stores/sidebar-selectors.js';

export interface MuteControl {
  muted: boolean;
  label: string;
  toggle: () => Promise<void>;
  error: string | undefined;
}

export function useMute(key: string): MuteControl {
  const muted = useConversationsStore((s) => s.byKey[key]?.muted ?? false);
  const setMuted = useConversationsStore((s) => s.setMuted);
  const [error, setError] = useState<string | undefined>();
  const title = titleOf(key);
  return {
    muted,
    label: muted ? `Unmute ${title}` : `Mute ${title}`,
    error,
    toggle: async () => setError(await setMuted(key, !muted)),
  };
}

/** The header's switch; the error of a refused change in words beside it. */
export function MuteButton({ conversationKey }: { conversationKey: string }) {
  const mute = useMute(conversationKey);
  return (
    <>
      <button
        type="button"
        className="secondary"
        aria-pressed={mute.muted}
        aria-label={mute.label}
        onClick={() => void mute.toggle()}
      >
        {mute.muted ? 'Unmute' : 'Mute'}
      </button>
      {mute.error && (
        <span className="form-error" role="alert">
          {mute.error}
        </span>
      )}
    </>
  );
}

/** A sidebar item's context menu with its Mute / Unmute; Escape or a click elsewhere closes it. */
export function useItemMenu(key: string): { onContextMenu: (e: MouseEvent) => void; menu: ReactNode } {
  const [open, setOpen] = useState(false);
  const mute = useMute(key);
  const menuRef = useRef<HTMLUListElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    function onPointer(event: PointerEvent) {
      if (!menuRef.current?.contains(event.target as Node)) setOpen(false);
    }
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  function close() {
    setOpen(false);
    opener.current?.focus();
  }

  function run() {
    close();
    void mute.toggle();
  }

  const menu = open ? (
    <ul
      ref={menuRef}
      id={menuId}
      role="menu"
      aria-label={`Options for ${titleOf(key)}`}
      className="menu item-menu"
      onKeyDown={(e) => {
        if (e.key === 'Escape' || e.key === 'Tab') {
          e.preventDefault();
          e.stopPropagation();
          close();
        }
      }}
    >
      <li
        role="menuitem"
        tabIndex={-1}
        className="menu-item"
        onClick={run}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            run();
          }
        }}
      >
        {mute.label}
      </li>
    </ul>
  ) : null;

  return {
    onContextMenu: (e) => {
      e.preventDefault();
      opener.current = e.target instanceof HTMLElement ? e.target.closest('button') : null;
      setOpen(true);
    },
    menu,
  };
}
