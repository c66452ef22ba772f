/**
 * A round badge with a person's initial as written (`B` for Bob, `b` for bob), in one of eight
 * calm hues picked from the exact name.
 */
import { hueOf } from '../avatar-hue.js';
import { visibleText } from '../visible-text.js';

export function Avatar({
  name,
  online,
  size = 'md',
}: {
  name: string;
  online?: boolean | undefined;
  size?: 'sm' | 'md';
}) {
  return (
    <span className={`avatar avatar-${size} hue-${hueOf(name)}`} aria-hidden="true">
      {visibleText([...name][0] ?? '')}
      {online !== undefined && <span className={online ? 'dot online' : 'dot offline'} />}
    </span>
  );
}
