/** Plain message text with each mention of this user marked (the shared rule of mentions.ts). */
import { Fragment, type ReactNode } from 'react';
import { mentionRanges } from '../../src-shared/api/index.js';

export function MentionsOfYou({ text, me }: { text: string; me: string }) {
  const ranges = mentionRanges(text, me);
  if (ranges.length === 0) return <>{text}</>;
  const parts: ReactNode[] = [];
  let at = 0;
  ranges.forEach(([start, end], i) => {
    parts.push(<Fragment key={`t${i}`}>{text.slice(at, start)}</Fragment>);
    parts.push(
      <mark key={`m${i}`} className="mention-you" title="Mentions you">
        {text.slice(start, end)}
      </mark>,
    );
    at = end;
  });
  parts.push(<Fragment key="rest">{text.slice(at)}</Fragment>);
  return <>{parts}</>;
}
