import { describe, expect, it } from 'vitest';
import { visibleText } from './visible-text.js';

describe('visibleText', () => {
  it.each([
    ['plain words stay', 'hello bob', 'hello bob'],
    ['an ANSI colour shows its ESC', '\u001b[31mRED', '␛[31mRED'],
    ['a carriage return shows', 'a\rb', 'a␍b'],
    ['NUL and BEL show', 'x\u0000\u0007', 'x␀␇'],
    ['DEL shows', 'a\u007f', 'a␡'],
    ['a C1 control shows as an escape', 'a\u009bb', 'a\\u{9b}b'],
    [
      'a right-to-left override shows and reorders nothing',
      '\u202eevil override text',
      '\\u{202e}evil override text',
    ],
    ['isolates and marks show', '\u2067x\u2069\u200f', '\\u{2067}x\\u{2069}\\u{200f}'],
    ['line and paragraph separators show', 'a\u2028b\u2029', 'a\\u{2028}b\\u{2029}'],
    ['right-to-left letters are not controls', 'שלום', 'שלום'],
    ['emoji stay', 'hi 😀', 'hi 😀'],
  ])('%s', (_, input, shown) => {
    expect(visibleText(input)).toBe(shown);
    expect(visibleText(input, { lines: true })).toBe(shown);
  });

  it('keeps line feeds and tabs in message bodies and shows them in one-line text', () => {
    expect(visibleText('a\nb\tc', { lines: true })).toBe('a\nb\tc');
    expect(visibleText('a\nb\tc')).toBe('a␊b␉c');
  });

  it('leaves nothing unsafe in any text', () => {
    let all = '';
    for (let c = 0; c < 0x3000; c++) all += String.fromCharCode(c);
    // eslint-disable-next-line no-control-regex -- the check
    const unsafe = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f]/;
    expect(visibleText(all)).not.toMatch(unsafe);
  });
});
