/**
 * What a found server's TXT record says, read as untrusted input: `v` must be a 1.x version,
 * `name` is shortened and stripped of control and bidi characters, `fp` is kept only when it
 * looks like a fingerprint. Anything else makes it no Parley server of ours to list.
 */
import { FINGERPRINT_PATTERN } from '../tls/fingerprint.js';

export interface ParsedTxt {
  readonly version: string;
  readonly name: string | undefined;
  readonly fingerprint: string | undefined;
}

const MAX_NAME = 63;
// C0/C1 controls, bidi embeddings/overrides/isolates, zero-width and line/paragraph separators.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;

export function parseTxt(txt: unknown): ParsedTxt | undefined {
  if (typeof txt !== 'object' || txt === null) return undefined;
  const record = txt as Record<string, unknown>;
  const version = text(record.v);
  if (version === undefined || !/^1\.\d{1,3}$/.test(version)) return undefined;
  const name = cleanName(text(record.name));
  const fp = text(record.fp);
  return { version, name, fingerprint: fp !== undefined && FINGERPRINT_PATTERN.test(fp) ? fp : undefined };
}

export function cleanName(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const clean = raw.replace(UNSAFE, '').trim();
  if (clean === '') return undefined;
  return [...clean].slice(0, MAX_NAME).join('');
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return undefined;
}
