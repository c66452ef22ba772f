/** Words and numbers as people read them: times, days, durations, counts. */
import { MAX_TEXT_CHARS } from '../src-shared/protocol/schemas.js';

export { MAX_TEXT_CHARS };

/**
 * The locale's own short clock ("4:09 AM" in en-US, "04:09" in en-GB), the same one the full
 * date on hover uses; fixed 2-digit hours would write "04:09 AM".
 */
export const TIME_OPTIONS: Intl.DateTimeFormatOptions = { timeStyle: 'short' };
const timeFormat = new Intl.DateTimeFormat(undefined, TIME_OPTIONS);
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short' });
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric' });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });

export function formatTime(ts: number): string {
  return timeFormat.format(ts);
}

/** A short date for older times, as the locale writes it: "11/20/26". */
export function formatDate(ts: number): string {
  return dateFormat.format(ts);
}

export function formatFull(ts: number): string {
  return fullFormat.format(ts);
}

export function dayKey(ts: number): string {
  const d = new Date(ts);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

export function formatDay(ts: number, now = Date.now()): string {
  if (dayKey(ts) === dayKey(now)) return 'Today';
  if (dayKey(ts) === dayKey(now - 86_400_000)) return 'Yesterday';
  return dayFormat.format(ts);
}

/** "0:52", "4:05", "1:02:00": a countdown. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** "30 seconds", "5 minutes", "1 hour", "2 days". */
export function formatDuration(seconds: number): string {
  const units: [number, string][] = [
    [86_400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  for (const [size, name] of units) {
    if (seconds >= size && seconds % size === 0) {
      const n = seconds / size;
      return `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  const minutes = Math.round(seconds / 60);
  return minutes >= 1 ? `about ${minutes} minute${minutes === 1 ? '' : 's'}` : `${seconds} seconds`;
}

/** Characters as the protocol counts them: Unicode code points. */
export function countChars(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
export const shortcutLabel = isMac ? '⌘K' : 'Ctrl K';

/** Every address others can use for a running server, each with the port. */
export function lanAddresses(status: { host: string; port: number; shareAddresses: string[] }): string[] {
  const hosts = status.shareAddresses.length > 0 ? status.shareAddresses : [status.host];
  return hosts.map((host) => shareAddress({ ...status, shareAddresses: [host] }));
}

/** The address to give others for a running server: its first shareable host with the port. */
export function shareAddress(status: { host: string; port: number; shareAddresses: string[] }): string {
  const host = status.shareAddresses[0] ?? status.host;
  return /:\d+$/.test(host) && !host.includes('::')
    ? host
    : `${host.includes(':') ? `[${host}]` : host}:${status.port}`;
}

/** A sidebar line's time: the time today, "Yesterday", else the date. */
export function sidebarTime(ts: number): string {
  const day = formatDay(ts);
  return day === 'Today' ? formatTime(ts) : day === 'Yesterday' ? day : formatDate(ts);
}
