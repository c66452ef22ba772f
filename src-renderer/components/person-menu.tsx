/**
 * The ⋯ menu of a conversation's person: Block / Unblock, Start private chat (disabled with the
 * reason when it can't apply) and, in a private chat, End private chat. Arrow keys move, Esc closes.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { usePeopleStore } from '../stores/people-store.js';
import { usePrivateStore } from '../stores/private-store.js';
import { MoreIcon } from './icons.js';
import { useMute } from './mute-toggle.js';
import { usePrivateChatReason } from './use-private-chat-reason.js';

interface MenuItem {
  label: string;
  run: () => void;
  disabledReason?: string | undefined;
  /** What else choosing it does, said under it (e.g. Block ends the private chat). */
  note?: string | undefined;
  danger?: boolean;
}

export function PersonMenu({ peer, conversationKey }: { peer: string; conversationKey?: string }) {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLUListElement>(null);
  const menuId = useId();
  const blocked = usePeopleStore((s) => s.blocked.includes(peer));
  const { block, unblock } = usePeopleStore.getState();
  const running = usePrivateStore((s) => s.chats.includes(peer));
  const privateReason = usePrivateChatReason(peer);
  const mute = useMute(conversationKey ?? '');

  const items: MenuItem[] = [
    blocked
      ? { label: 'Unblock', run: () => void unblock(peer) }
      : {
          label: 'Block',
          run: () => void block(peer),
          danger: true,
          note: running ? 'Also ends the private chat' : undefined,
        },
    {
      label: 'Start private chat',
      run: () => void usePrivateStore.getState().start(peer),
      disabledReason: privateReason,
    },
  ];
  if (conversationKey !== undefined) items.push({ label: mute.label, run: () => void mute.toggle() });
  if (running)
    items.push({
      label: 'End private chat',
      run: () => void usePrivateStore.getState().stop(peer),
      danger: true,
    });

  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    function onPointer(event: PointerEvent) {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    }
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  function close(focusButton: boolean) {
    setOpen(false);
    if (focusButton) buttonRef.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLUListElement>) {
    const nodes = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const index = nodes.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => nodes[(to + nodes.length) % nodes.length]?.focus();
    if (event.key === 'ArrowDown') move(index + 1);
    else if (event.key === 'ArrowUp') move(index - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(nodes.length - 1);
    else if (event.key === 'Escape') close(true);
    else if (event.key === 'Tab') close(false);
    else return;
    if (event.key !== 'Tab') event.preventDefault();
    // Esc closes the menu, not a dialog around it.
    event.stopPropagation();
  }

  return (
    <div className="menu-anchor">
      <button
        ref={buttonRef}
        type="button"
        className="icon-button"
        aria-label={`Actions for ${peer}`}
        title={`Actions for ${peer}`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen(!open)}
      >
        <MoreIcon />
      </button>
      {open && (
        <ul
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-label={`Actions for ${peer}`}
          className="menu"
          onKeyDown={onKeyDown}
        >
          {items.map((item, i) => (
            <li
              key={item.label}
              role="menuitem"
              tabIndex={-1}
              aria-label={item.label}
              aria-disabled={item.disabledReason ? true : undefined}
              aria-describedby={(item.disabledReason ?? item.note) ? `${menuId}-${i}` : undefined}
              className={`menu-item${item.danger ? ' danger' : ''}`}
              onClick={() => {
                if (item.disabledReason) return;
                close(true);
                item.run();
              }}
              onKeyDown={(e) => {
                if ((e.key === 'Enter' || e.key === ' ') && !item.disabledReason) {
                  e.preventDefault();
                  close(true);
                  item.run();
                }
              }}
            >
              <span>{item.label}</span>
              {(item.disabledReason ?? item.note) && (
                <span id={`${menuId}-${i}`} className="menu-reason">
                  {item.disabledReason ?? item.note}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
