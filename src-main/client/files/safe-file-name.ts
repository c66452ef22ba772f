/**
 * Turns the name a peer offers into one that is safe to create in the downloads folder: the base
 * name only, no control or bidirectional-override characters (`x\u202Egpj.exe` would show as
 * `xexe.jpg`), no path separators or characters Windows refuses, no reserved device names, at
 * most 255 UTF-8 bytes, never `.` or `..`.
 */

const MAX_NAME_BYTES = 255;
const MAX_EXTENSION_CHARS = 16;
const FALLBACK_NAME = 'file';

// C0 and C1 controls, DEL, bidi marks/embeddings/overrides/isolates, zero-width and BOM.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/gu;
// Refused by Windows in a file name (the separators are handled first).
const WINDOWS_FORBIDDEN = /[<>:"|?*]/gu;
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/iu;

export function safeFileName(offered: string): string {
  const base = offered.split(/[/\\]/u).pop() ?? '';
  let name = base
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(WINDOWS_FORBIDDEN, '_')
    // Windows drops trailing dots and spaces, and a leading dot would hide the file.
    .replace(/^[\s.]+|[\s.]+$/gu, '');
  if (name === '') name = FALLBACK_NAME;
  if (RESERVED.test(name)) name = `_${name}`;
  return fitBytes(name);
}

/** Splits `report.final.pdf` into `report.final` and `.pdf`; a long "extension" is no extension. */
export function splitExtension(name: string): { stem: string; extension: string } {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || name.length - dot > MAX_EXTENSION_CHARS + 1) return { stem: name, extension: '' };
  return { stem: name.slice(0, dot), extension: name.slice(dot) };
}

/** Shortens the stem, keeping the extension, until the name fits in `limit` UTF-8 bytes. */
export function fitBytes(name: string, limit = MAX_NAME_BYTES): string {
  if (utf8Length(name) <= limit) return name;
  const { stem, extension } = splitExtension(name);
  const kept = truncateBytes(stem, limit - utf8Length(extension));
  return (kept === '' ? FALLBACK_NAME : kept) + extension;
}

/** The longest prefix of `text`, whole code points only, within `limit` UTF-8 bytes. */
function truncateBytes(text: string, limit: number): string {
  let budget = limit;
  let kept = '';
  for (const char of text) {
    budget -= utf8Length(char);
    if (budget < 0) break;
    kept += char;
  }
  return kept;
}

/** The n-th name tried when `name` is taken: `photo (1).jpg`, `photo (2).jpg`, ... */
export function numberedName(name: string, n: number): string {
  if (n === 0) return name;
  const { stem, extension } = splitExtension(name);
  const suffix = ` (${n})`;
  return truncateBytes(stem, MAX_NAME_BYTES - utf8Length(suffix + extension)) + suffix + extension;
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
