/**
 * Which of the eight avatar hues a name gets: from the exact name, so `Bob` and `bob` (two
 * accounts on a server that allowed it) never share a colour. A plain hash can't promise that
 * with eight hues: a change of case moves a character code by 32, a multiple of 8, so the old
 * `h * 31 + c` landed both on one hue every time. The lower-cased name picks a hue and the count
 * of capitals turns it, so names that differ only in case (by up to seven capitals) differ.
 */
export const HUES = 8;

/** FNV-1a over UTF-16 units, with a final mix so nearby names spread over the hues. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

export function hueOf(name: string): number {
  const lower = name.toLowerCase();
  let capitals = 0;
  for (let i = 0; i < name.length; i++) if (name[i] !== lower[i]) capitals++;
  return (hash(lower) + capitals) % HUES;
}
