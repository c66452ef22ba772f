/**
 * A message's text as React elements from message-format's parse: paragraphs, code, emphasis and
 * links. Never HTML. Each paragraph takes its direction from its own first strong letter
 * (`dir="auto"`), so a right-to-left message reads right and can't turn the row around it.
 */
import { memo, useMemo, type ReactNode } from 'react';
import { parseMessage, type Inline } from '../message-format.js';
import { useSessionStore } from '../stores/session-store.js';
import { MentionsOfYou } from './mention-highlight.js';

function renderInline(node: Inline, key: number, me: string | undefined): ReactNode {
  switch (node.type) {
    case 'text':
      return me === undefined ? node.text : <MentionsOfYou key={key} text={node.text} me={me} />;
    case 'code':
      return (
        <code key={key} dir="auto">
          {node.text}
        </code>
      );
    case 'em':
      return <em key={key}>{node.children.map((child, i) => renderInline(child, i, me))}</em>;
    case 'link':
      // The text is the address itself and the tooltip the exact one opened, so nothing hides
      // where it goes; the shell hands it to the system browser (a new tab in browser mode).
      return (
        <a key={key} href={node.href} title={`Opens ${node.href}`} target="_blank" rel="noopener noreferrer">
          {node.text}
        </a>
      );
  }
}

export const MessageText = memo(function MessageText({ text }: { text: string }) {
  const blocks = useMemo(() => parseMessage(text), [text]);
  const me = useSessionStore((s) => s.username);
  return (
    <>
      {blocks.map((block, i) =>
        block.type === 'codeblock' ? (
          <pre key={i} className="code-block" dir="auto">
            <code>{block.text}</code>
          </pre>
        ) : (
          <p key={i} className="text" dir="auto">
            {block.children.map((child, i) => renderInline(child, i, me))}
          </p>
        ),
      )}
    </>
  );
});
