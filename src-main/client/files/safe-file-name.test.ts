import { resolve, sep } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numberedName, safeFileName } from './safe-file-name.js';

const FOLDER = resolve('/downloads/Parley');
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/u;

describe('safeFileName', () => {
  it.each([
    ['../../x', 'x'],
    ['..\\x', 'x'],
    ['/etc/passwd', 'passwd'],
    ['C:\\x', 'x'],
    ['C:x', 'C_x'],
    ['CON', '_CON'],
    ['con.txt', '_con.txt'],
    ['LPT9.log', '_LPT9.log'],
    ['x\u202Egpj.exe', 'xgpj.exe'],
    ['a\u0000b.txt', 'ab.txt'],
    ['\u001b[31mred.txt', '[31mred.txt'],
    ['..', 'file'],
    ['.', 'file'],
    ['', 'file'],
    ['...', 'file'],
    ['.bashrc', 'bashrc'],
    ['name. . ', 'name'],
    ['a<b>c:d"e|f?g*h.txt', 'a_b_c_d_e_f_g_h.txt'],
    ['report.final.pdf', 'report.final.pdf'],
    ['e\u0301.txt', '\u00e9.txt'],
  ])('%j becomes %j', (offered, safe) => {
    expect(safeFileName(offered)).toBe(safe);
  });

  it('cuts a 300-byte name to 255 bytes and keeps the extension', () => {
    const name = safeFileName(`${'é'.repeat(150)}.jpeg`);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    expect(name.endsWith('.jpeg')).toBe(true);
    expect(name.startsWith('éé')).toBe(true);
  });

  it('never escapes the folder, whatever the offered name', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (offered) => {
        const name = safeFileName(offered);
        const placed = resolve(FOLDER, name);
        expect(placed.startsWith(FOLDER + sep)).toBe(true);
        expect(placed.slice(FOLDER.length + 1)).toBe(name);
        expect(name).not.toMatch(/[/\\<>:"|?*]/u);
        expect(name).not.toMatch(INVISIBLE);
        expect(['', '.', '..']).not.toContain(name);
        expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
        for (let n = 0; n < 3; n++) expect(Buffer.byteLength(numberedName(name, n))).toBeLessThanOrEqual(255);
      }),
      { numRuns: 2000 },
    );
  });

  it('numbers a taken name before its extension', () => {
    expect(numberedName('photo.jpg', 0)).toBe('photo.jpg');
    expect(numberedName('photo.jpg', 2)).toBe('photo (2).jpg');
    expect(numberedName('README', 1)).toBe('README (1)');
  });
});
