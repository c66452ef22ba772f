/** A round badge with a person's initial, in one of eight calm hues picked from the name. */
export function hueOf(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) >>> 0;
  return h % 8;
}

export function Avatar({
  name,
  online,
  size = 'md',
}: {
  name: string;
  online?: boolean;
  size?: 'sm' | 'md';
}) {
  return (
    <span className={`avatar avatar-${size} hue-${hueOf(name)}`} aria-hidden="true">
      {name.slice(0, 1).toUpperCase()}
      {online !== undefined && <span className={online ? 'dot online' : 'dot offline'} />}
    </span>
  );
}
