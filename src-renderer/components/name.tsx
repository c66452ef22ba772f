/**
 * A name (or any one-line network text) inside running text: isolated with `<bdi>` so right-to-
 * left letters can't reorder the sentence around it, and its controls shown (visible-text.ts).
 */
import { visibleText } from '../visible-text.js';

export function Name({ children }: { children: string }) {
  return <bdi>{visibleText(children)}</bdi>;
}
