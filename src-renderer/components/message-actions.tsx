/**
 * The "Message actions" menu of one message (shown on hover and focus, as Slack and Element do):
 * Reply, React… (a small emoji picker), and on own messages Edit and Delete (with a
 * confirmation). Arrow keys move, Esc closes and gives focus back to the button.
 */
import { useId, useRef, useState } from 'react';
import { keyOf, type ChatMessage } from '../../src-shared/api/index.js';
import { isOwnEditable, messageName, QUICK_EMOJI } from '../message-actions.js';
import { errorKey, useMessageActionsStore } from '../stores/message-actions-store.js';
import { useRoomsStore } from '../stores/rooms-store.js';
import { useSessionStore } from '../stores/session-store.js';
import { MoreIcon } from './icons.js';
import { onMenuKeys, useMenuFocus } from './menu-keys.js';
import { Modal } from './modal.js';

interface Item {
  label: string;
  text: string;
  run: () => void;
  danger?: boolean;
  /** Keeps the menu open (React… turns it into the picker). */
  stay?: boolean;
}

function DeleteConfirm({ message, onDone }: { message: ChatMessage; onDone: () => void }) {
  const ids = { title: useId(), text: useId() };
  const remove = useMessageActionsStore((s) => s.remove);
  return (
    <Modal role="alertdialog" labelledBy={ids.title} describedBy={ids.text} onCancel={onDone}>
      <div className="dialog-body">
        <h2 id={ids.title}>Delete this message?</h2>
        <p id={ids.text}>Everyone in the conversation will see “This message was deleted” instead.</p>
      </div>
      <div className="dialog-actions">
        <button type="button" className="secondary" onClick={onDone} autoFocus>
          Cancel
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => {
            onDone();
            void remove(keyOf(message), message.id);
          }}
        >
          Delete
        </button>
      </div>
    </Modal>
  );
}

export function MessageActions({ message }: { message: ChatMessage }) {
  const [open, setOpen] = useState<'menu' | 'picker' | undefined>();
  const [up, setUp] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLUListElement>(null);
  const menuId = useId();
  const me = useSessionStore((s) => s.username);
  const { startReply, startEdit, react } = useMessageActionsStore.getState();
  const key = keyOf(message);
  // A room's owner may delete anyone's message there (protocol 1.2); only its author edits it.
  const owns = useRoomsStore(
    (s) =>
      message.room !== undefined &&
      me !== undefined &&
      s.rooms.some((r) => r.room === message.room && r.owner === me),
  );
  const own = isOwnEditable(message);
  const name = `Message actions for ${messageName(message)}`;

  const mine = (emoji: string) =>
    me !== undefined && (message.reactions?.find((r) => r.emoji === emoji)?.users.includes(me) ?? false);

  const items: Item[] =
    open === 'picker'
      ? QUICK_EMOJI.map((emoji) => ({
          label: mine(emoji) ? `Remove your ${emoji} reaction` : `React with ${emoji}`,
          text: emoji,
          run: () => void react(key, message.id, emoji, !mine(emoji)),
        }))
      : [
          { label: 'Reply', text: 'Reply', run: () => startReply(key, message.id) },
          { label: 'React…', text: 'React…', run: () => setOpen('picker'), stay: true },
          ...(own ? [{ label: 'Edit', text: 'Edit', run: () => startEdit(key, message.id) }] : []),
          ...(own || owns
            ? [{ label: 'Delete…', text: 'Delete…', run: () => setConfirming(true), danger: true }]
            : []),
        ];

  useMenuFocus(open, menuRef, buttonRef, () => setOpen(undefined));

  function toggle() {
    if (open !== undefined) return setOpen(undefined);
    // Near the bottom of the list the menu opens upwards, so it is never cut off.
    const log = buttonRef.current?.closest('.log')?.getBoundingClientRect();
    const at = buttonRef.current?.getBoundingClientRect();
    setUp(log !== undefined && at !== undefined && log.bottom - at.bottom < 240);
    setOpen('menu');
  }

  function close(focusButton: boolean) {
    setOpen(undefined);
    if (focusButton) buttonRef.current?.focus();
  }

  function choose(item: Item) {
    if (!item.stay) close(true);
    item.run();
  }

  return (
    <div className="menu-anchor msg-actions">
      <button
        ref={buttonRef}
        type="button"
        className="icon-button msg-actions-button"
        aria-label={name}
        title="Message actions"
        aria-haspopup="menu"
        aria-expanded={open !== undefined}
        aria-controls={open ? menuId : undefined}
        onClick={toggle}
      >
        <MoreIcon />
      </button>
      {open && (
        <ul
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-label={open === 'picker' ? 'Pick a reaction' : name}
          aria-orientation={open === 'picker' ? 'horizontal' : 'vertical'}
          className={`menu msg-menu${open === 'picker' ? ' emoji-picker' : ''}${up ? ' up' : ''}${
            message.direction === 'in' ? ' start' : ''
          }`}
          onKeyDown={(e) => onMenuKeys(e, menuRef.current, close, open === 'picker')}
        >
          {items.map((item) => (
            <li
              key={item.label}
              role="menuitem"
              tabIndex={-1}
              aria-label={item.label}
              title={item.label}
              className={`menu-item${item.danger ? ' danger' : ''}`}
              onClick={() => choose(item)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  choose(item);
                }
              }}
            >
              <span aria-hidden="true">{item.text}</span>
            </li>
          ))}
        </ul>
      )}
      {confirming && (
        <DeleteConfirm
          message={message}
          onDone={() => {
            setConfirming(false);
            buttonRef.current?.focus();
          }}
        />
      )}
    </div>
  );
}

/** Why the last edit, delete or reaction on this message did not go, where it was tried. */
export function ActionError({ message }: { message: ChatMessage }) {
  const key = keyOf(message);
  const error = useMessageActionsStore((s) =>
    s.editing[key] === message.id ? undefined : s.errors[errorKey(key, message.id)],
  );
  const dismiss = useMessageActionsStore((s) => s.dismissError);
  if (error === undefined) return null;
  return (
    <p className="msg-action-error" role="alert">
      {error}{' '}
      <button type="button" className="link" onClick={() => dismiss(key, message.id)}>
        Dismiss
      </button>
    </p>
  );
}
