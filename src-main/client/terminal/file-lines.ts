/**
 * The terminal's view of file transfers: short numbers to type (`acceptfile 2`) instead of the
 * sender's ids, and the lines for offers, changes of state and the `files` list. Names, users
 * and reasons come from the network and go through safe-text.
 */
import type { FileTransferInfo } from '../../../src-shared/api/files.js';
import { safeLine } from './safe-text.js';

export class FileBoard {
  private readonly numbers = new Map<string, number>();
  private readonly ids: string[] = [];
  private readonly states = new Map<string, FileTransferInfo['state']>();

  /** The number shown for a transfer, given at first sight. */
  numberOf(id: string): number {
    let n = this.numbers.get(id);
    if (n === undefined) {
      n = this.ids.push(id);
      this.numbers.set(id, n);
    }
    return n;
  }

  /** The transfer id behind a number the user typed. */
  idOf(n: number): string | undefined {
    return this.ids[n - 1];
  }

  offerLine(t: FileTransferInfo): string {
    const n = this.numberOf(t.id);
    this.states.set(t.id, t.state);
    const resume =
      t.resumableBytes !== undefined && t.resumableBytes > 0
        ? `, resumes at ${percent(t.resumableBytes, t.size)} %`
        : '';
    return (
      `${safeLine(t.peer)} offers you a file: ${safeLine(t.name)} (${formatBytes(t.size)}${resume}). ` +
      `Type acceptfile ${n} or rejectfile ${n}`
    );
  }

  /** A line when a transfer changed state (not for every step of progress). */
  updateLine(t: FileTransferInfo): string | undefined {
    const before = this.states.get(t.id);
    this.states.set(t.id, t.state);
    if (before === t.state) return undefined;
    const n = this.numberOf(t.id);
    const file = `file ${n} (${safeLine(t.name)})`;
    const peer = safeLine(t.peer);
    const why = t.reason === undefined ? '' : `: ${safeLine(t.reason)}`;
    switch (t.state) {
      case 'waiting':
        return `Offered ${file} to ${peer}; waiting for them to accept`;
      case 'sending':
        return t.bytes > 0
          ? `${peer} accepted ${file}; resuming at ${percent(t.bytes, t.size)} %`
          : `${peer} accepted ${file}; sending`;
      case 'receiving':
        return t.bytes > 0
          ? `Receiving ${file} from ${peer}, resuming at ${percent(t.bytes, t.size)} %`
          : `Receiving ${file} from ${peer}`;
      case 'verifying':
        return undefined;
      case 'done':
        return t.direction === 'in'
          ? `Received ${file}, saved as ${safeLine(t.path ?? '')}`
          : `${peer} received ${file}`;
      case 'rejected':
        return `${file} was declined${why}`;
      case 'cancelled':
        return `${file} was cancelled${why}`;
      case 'failed':
        return `${file} failed${why}`;
      case 'interrupted':
        return t.direction === 'out'
          ? `${file} was cut off at ${percent(t.bytes, t.size)} %${why}; sendfile it again in a new chat to resume`
          : `${file} was cut off at ${percent(t.bytes, t.size)} %${why}; the part received is kept to resume`;
      case 'offered':
        return undefined;
    }
  }

  listLines(transfers: readonly FileTransferInfo[]): string[] {
    if (transfers.length === 0) return ['No file transfers'];
    return [
      'Files:',
      ...[...transfers]
        .sort((a, b) => this.numberOf(a.id) - this.numberOf(b.id))
        .map((t) => {
          const way = t.direction === 'in' ? `from ${safeLine(t.peer)}` : `to ${safeLine(t.peer)}`;
          const progress = `${percent(t.bytes, t.size)} % of ${formatBytes(t.size)}`;
          return `  ${this.numberOf(t.id)}  ${safeLine(t.name)} ${way}: ${t.state}, ${progress}`;
        }),
    ];
  }
}

function percent(bytes: number, size: number): number {
  return size === 0 ? 100 : Math.floor((bytes / size) * 100);
}

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}
