/** Whether a chunk's `data` is base64, at the speed of Node's decoder rather than a regex. */

/**
 * The same as /^[A-Za-z0-9+/]*={0,2}$/ except a length of 4n+1 (which no encoder writes): Node's
 * decoder skips or stops at anything outside the alphabet, so only a string of it alone decodes
 * to the full length. Returns the decoded bytes, or undefined.
 */
export function decodeBase64(text: string): Buffer | undefined {
  if (text.includes('-') || text.includes('_')) return undefined; // base64url, which Node also takes
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x3d /* = */ && text.length - end < 2) end--;
  if (end > 0 && text.lastIndexOf('=', end - 1) >= 0) return undefined;
  if (end % 4 === 1) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.length === Math.floor((end * 3) / 4) ? bytes : undefined;
}
