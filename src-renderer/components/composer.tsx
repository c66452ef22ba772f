/**
 * Where a message is written: Enter sends, Shift+Enter starts a new line, the 4000-character
 * limit shows as it nears, and focus stays here after sending.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { countChars, MAX_TEXT_CHARS } from '../format.js';
import { useConversationsStore } from '../stores/conversations-store.js';
import { visibleText } from '../visible-text.js';
import { SendIcon } from './icons.js';
import { useMentionAutocomplete } from './mention-autocomplete.js';
import { useTypingSignal } from './use-typing-signal.js';

interface Props {
  conversationKey: string;
  placeholder: string;
  /** Why nothing can be sent here now (e.g. the peer left); the composer is disabled. */
  disabledReason: string | undefined;
}

export function Composer({ conversationKey, placeholder, disabledReason }: Props) {
  // The store's draft is read once per conversation (the view is keyed by it), then followed.
  const [text, setText] = useState(() => useConversationsStore.getState().drafts[conversationKey] ?? '');
  const setDraft = useConversationsStore((s) => s.setDraft);
  const ref = useRef<HTMLTextAreaElement>(null);
  const send = useConversationsStore((s) => s.send);
  const error = useConversationsStore((s) => s.sendError[conversationKey]);
  const counterId = useId();
  const count = countChars(text);
  const over = count - MAX_TEXT_CHARS;
  const blank = text.trim() === '';
  const mention = useMentionAutocomplete(conversationKey, text, setText, ref);
  const typing = useTypingSignal(conversationKey);

  useEffect(() => {
    if (!disabledReason) ref.current?.focus();
  }, [conversationKey, disabledReason]);

  useEffect(() => {
    setDraft(conversationKey, text);
  }, [conversationKey, text, setDraft]);

  async function submit() {
    if (blank || over > 0 || disabledReason) return;
    const sent = text;
    typing.stop();
    // Cleared at once so the next message can be typed; put back if it could not be handed over.
    setText('');
    ref.current?.focus();
    const ok = await send(conversationKey, sent);
    if (!ok) setText((now) => (now === '' ? sent : now));
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (mention.onKeyDown(event)) return;
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
  }

  const counterClass = over > 0 ? 'counter bad' : count > MAX_TEXT_CHARS - 200 ? 'counter near' : 'counter';
  return (
    <div className="composer-wrap">
      {error && (
        <p className="composer-error" role="alert">
          Not sent: {visibleText(error)}
        </p>
      )}
      {mention.list}
      <form
        className={`composer${disabledReason ? ' disabled' : ''}`}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <textarea
          ref={ref}
          rows={1}
          value={disabledReason ? '' : text}
          aria-label="Message"
          aria-describedby={counterId}
          placeholder={disabledReason ?? placeholder}
          disabled={disabledReason !== undefined}
          {...mention.inputProps}
          onChange={(e) => {
            setText(e.target.value);
            mention.track(e.target);
            typing.onText(e.target.value);
          }}
          onSelect={(e) => mention.track(e.currentTarget)}
          onBlur={typing.stop}
          onKeyDown={onKeyDown}
        />
        <button
          type="submit"
          className="send"
          aria-label="Send"
          title="Send (Enter)"
          disabled={blank || over > 0 || disabledReason !== undefined}
        >
          <SendIcon />
        </button>
      </form>
      <p id={counterId} className={counterClass}>
        {over > 0
          ? `${over} ${over === 1 ? 'character' : 'characters'} over the ${MAX_TEXT_CHARS}-character limit`
          : `${count} / ${MAX_TEXT_CHARS}`}
        <span className="keys"> · Enter to send, Shift+Enter for a new line</span>
      </p>
    </div>
  );
}
