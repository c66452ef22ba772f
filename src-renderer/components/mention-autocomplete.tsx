/**
 * The composer's `@` autocomplete: the room's members (in a direct conversation, the other
 * person) whose names fit what follows the `@` at the caret, as a listbox under the text.
 * Arrow keys move, Enter or Tab completes, Escape closes; focus stays in the text.
 */
import {
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
} from 'react';
import { peerOf, roomOf, type RoomMember } from '../../src-shared/api/index.js';
import { completeMention, matchingNames, mentionQueryAt } from '../mention-query.js';
import { useRoomsStore } from '../stores/rooms-store.js';
import { useSessionStore } from '../stores/session-store.js';
import { Name } from './name.js';

const NO_NAMES: string[] = [];
const NO_MEMBERS: RoomMember[] = [];

/** Who can be mentioned in `key`: a room's members, a direct conversation's peer; never oneself. */
function useCandidates(key: string, wanted: boolean): string[] {
  const room = roomOf(key);
  const peer = peerOf(key);
  const me = useSessionStore((s) => s.username);
  const members = useRoomsStore((s) => (room === undefined ? undefined : s.members[room]));
  const loadMembers = useRoomsStore((s) => s.loadMembers);
  useEffect(() => {
    if (wanted && room !== undefined && members === undefined) void loadMembers(room);
  }, [wanted, room, members, loadMembers]);
  return useMemo(() => {
    if (peer !== undefined) return [peer];
    return (members ?? NO_MEMBERS).map((m) => m.user).filter((u) => u !== me);
  }, [peer, members, me]);
}

export interface MentionAutocomplete {
  /** Handles the key when the list is open (the composer then does nothing more). */
  onKeyDown: (event: KeyboardEvent<HTMLTextAreaElement>) => boolean;
  /** Call with the textarea on every change and caret move. */
  track: (area: HTMLTextAreaElement) => void;
  inputProps: {
    'aria-autocomplete': 'list';
    'aria-controls'?: string;
    'aria-activedescendant'?: string;
  };
  list: ReactNode;
}

export function useMentionAutocomplete(
  key: string,
  text: string,
  setText: (text: string) => void,
  ref: RefObject<HTMLTextAreaElement | null>,
): MentionAutocomplete {
  const listId = useId();
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<number | undefined>();
  const pendingCaret = useRef<number | undefined>(undefined);
  const query = mentionQueryAt(text, Math.min(caret, text.length));
  const candidates = useCandidates(key, query !== undefined);
  const typed = query?.typed;
  const names = useMemo(
    () => (typed === undefined ? NO_NAMES : matchingNames(candidates, typed)),
    [candidates, typed],
  );
  const open = query !== undefined && query.start !== dismissed && names.length > 0;
  const current = Math.min(active, names.length - 1);

  const start = query?.start;
  useEffect(() => setActive(0), [start, typed]);

  useLayoutEffect(() => {
    if (pendingCaret.current === undefined) return;
    ref.current?.setSelectionRange(pendingCaret.current, pendingCaret.current);
    setCaret(pendingCaret.current);
    pendingCaret.current = undefined;
  });

  function choose(name: string) {
    if (query === undefined) return;
    const done = completeMention(text, caret, query, name);
    pendingCaret.current = done.caret;
    setText(done.text);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): boolean {
    if (!open || event.nativeEvent.isComposing) return false;
    if (event.key === 'ArrowDown') setActive((current + 1) % names.length);
    else if (event.key === 'ArrowUp') setActive((current - 1 + names.length) % names.length);
    else if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') choose(names[current] ?? '');
    else if (event.key === 'Escape') {
      setDismissed(query.start);
      event.stopPropagation();
    } else return false;
    event.preventDefault();
    return true;
  }

  const optionId = (i: number) => `${listId}-${i}`;
  const list = open ? (
    <ul className="mention-list" role="listbox" id={listId} aria-label="Mention someone">
      {names.map((name, i) => (
        <li
          key={name}
          id={optionId(i)}
          role="option"
          aria-selected={i === current}
          className={i === current ? 'active' : undefined}
          // Keeps focus in the text while a name is clicked.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => choose(name)}
        >
          @<Name>{name}</Name>
        </li>
      ))}
    </ul>
  ) : null;

  return {
    onKeyDown,
    track: (area) => {
      setCaret(area.selectionStart);
      if (dismissed !== undefined && mentionQueryAt(area.value, area.selectionStart)?.start !== dismissed)
        setDismissed(undefined);
    },
    inputProps: {
      'aria-autocomplete': 'list',
      ...(open ? { 'aria-controls': listId, 'aria-activedescendant': optionId(current) } : {}),
    },
    list,
  };
}
