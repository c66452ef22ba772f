import { describe, expect, it } from 'vitest';
import type { FileTransferInfo } from '../../../src-shared/api/files.js';
import { parseCommand } from './commands.js';
import { FileBoard, formatBytes } from './file-lines.js';

const offer: FileTransferInfo = {
  id: 'abc',
  direction: 'in',
  peer: 'bob\u001b[2J',
  name: 'video.mkv',
  size: 1000,
  sha256: 'a'.repeat(64),
  bytes: 0,
  state: 'offered',
};

describe('terminal file lines', () => {
  it('numbers offers, says where a resume starts, and escapes what came from the network', () => {
    const board = new FileBoard();
    expect(board.offerLine({ ...offer, resumableBytes: 420 })).toBe(
      'bob\\x1b[2J offers you a file: video.mkv (1000 bytes, resumes at 42 %). Type acceptfile 1 or rejectfile 1',
    );
    expect(board.idOf(1)).toBe('abc');
    expect(board.idOf(2)).toBeUndefined();
    expect(board.updateLine({ ...offer, state: 'receiving', bytes: 420 })).toBe(
      'Receiving file 1 (video.mkv) from bob\\x1b[2J, resuming at 42 %',
    );
    // Progress alone prints nothing; the list shows it.
    expect(board.updateLine({ ...offer, state: 'receiving', bytes: 700 })).toBeUndefined();
    expect(board.listLines([{ ...offer, state: 'receiving', bytes: 700 }])).toEqual([
      'Files:',
      '  1  video.mkv from bob\\x1b[2J: receiving, 70 % of 1000 bytes',
    ]);
  });

  it('parses the file commands and refuses malformed numbers', () => {
    expect(parseCommand('sendfile bob /tmp/a b.txt')).toEqual({
      ok: true,
      command: { kind: 'sendfile', user: 'bob', path: '/tmp/a b.txt' },
    });
    expect(parseCommand('acceptfile 3')).toEqual({ ok: true, command: { kind: 'acceptfile', file: 3 } });
    expect(parseCommand('rejectfile x')).toEqual({ ok: false, error: 'Usage: rejectfile <number>' });
    expect(parseCommand('sendfile bob')).toEqual({ ok: false, error: 'Usage: sendfile <user> <path>' });
    expect(formatBytes(2 * 1024 * 1024 * 1024)).toBe('2.0 GiB');
  });
});
