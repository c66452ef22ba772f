import { describe, expect, it } from 'vitest';
import { linkTarget, parseMessage, type Block, type Inline } from './message-format.js';

const text = (t: string) => ({ type: 'text', text: t }) as const;
const para = (...children: unknown[]): Block => ({ type: 'para', children }) as Block;

describe('parseMessage', () => {
  it.each<[string, string, Block[]]>([
    ['plain text', 'hello bob', [para(text('hello bob'))]],
    ['empty', '', [para()]],
    [
      'inline code',
      'run `npm test` now',
      [para(text('run '), { type: 'code', text: 'npm test' }, text(' now'))],
    ],
    [
      'emphasis',
      'this is *very* nice',
      [para(text('this is '), { type: 'em', children: [text('very')] }, text(' nice'))],
    ],
    ['stars inside words stay', '2*3*4 and a * b * c', [para(text('2*3*4 and a * b * c'))]],
    ['an unclosed star stays', '*nope', [para(text('*nope'))]],
    ['no emphasis inside code', '`*x*`', [para({ type: 'code', text: '*x*' })]],
    [
      'a code block between lines',
      'before\n```\nconst a = 1;\n*not em*\n```\nafter',
      [para(text('before')), { type: 'codeblock', text: 'const a = 1;\n*not em*' }, para(text('after'))],
    ],
    ['an unclosed fence is text', '```oops', [para(text('```oops'))]],
    [
      'a link with sentence punctuation after it',
      'see https://example.com/a?b=1.',
      [
        para(
          text('see '),
          { type: 'link', href: 'https://example.com/a?b=1', text: 'https://example.com/a?b=1' },
          text('.'),
        ),
      ],
    ],
    [
      'a link keeps its own brackets',
      '(https://en.wikipedia.org/wiki/Foo_(bar))',
      [
        para(
          text('('),
          {
            type: 'link',
            href: 'https://en.wikipedia.org/wiki/Foo_(bar)',
            text: 'https://en.wikipedia.org/wiki/Foo_(bar)',
          },
          text(')'),
        ),
      ],
    ],
    [
      'a link inside emphasis',
      '*read http://x.test/*',
      [
        para({
          type: 'em',
          children: [text('read '), { type: 'link', href: 'http://x.test/', text: 'http://x.test/' }],
        }),
      ],
    ],
  ])('%s', (_, input, blocks) => {
    expect(parseMessage(input)).toEqual(blocks);
  });

  it.each<[string, string, Block[]]>([
    ['markup is text', '<img src=x onerror=alert(1)>', [para(text('<img src=x onerror=alert(1)>'))]],
    ['a script tag is text', '<script>alert(1)</script>', [para(text('<script>alert(1)</script>'))]],
    ['javascript: is no link', 'javascript:alert(1)', [para(text('javascript:alert(1)'))]],
    ['data: is no link', 'data:text/html,<b>x</b>', [para(text('data:text/html,<b>x</b>'))]],
    [
      'a user name before the host is no link',
      'https://bank.test@evil.test/',
      [para(text('https://bank.test@evil.test/'))],
    ],
    [
      'a link stops at a quote: no attribute breaks out',
      'https://a.test/"onmouseover="x',
      [para({ type: 'link', href: 'https://a.test/', text: 'https://a.test/' }, text('"onmouseover="x'))],
    ],
    [
      'a bidi override cannot hide in a link and shows',
      'https://a.test/\u202efdp.exe',
      [para({ type: 'link', href: 'https://a.test/', text: 'https://a.test/' }, text('\\u{202e}fdp.exe'))],
    ],
    ['controls show in text', '\u001b[31mRED', [para(text('␛[31mRED'))]],
    ['controls show in code', '`\u001b[2J`', [para({ type: 'code', text: '␛[2J' })]],
    ['controls show in blocks', '```\u0007```', [{ type: 'codeblock', text: '␇' }]],
    ['an empty link is text', 'http://', [para(text('http://'))]],
  ])('hostile: %s', (_, input, blocks) => {
    expect(parseMessage(input)).toEqual(blocks);
  });

  it('never drops or adds a character of ordinary text', () => {
    const samples = ['a *b* c', 'x `y` z', 'see https://a.test/b, ok', 'one\ntwo\n\nthree'];
    const flat = (blocks: Block[]): string =>
      blocks.map((b) => (b.type === 'codeblock' ? b.text : b.children.map(flatInline).join(''))).join('\n');
    const flatInline = (i: Inline): string =>
      i.type === 'em'
        ? `*${i.children.map(flatInline).join('')}*`
        : i.type === 'code'
          ? `\`${i.text}\``
          : i.text;
    for (const s of samples) expect(flat(parseMessage(s))).toBe(s);
  });
});

describe('linkTarget', () => {
  it('opens http and https with a host only', () => {
    expect(linkTarget('https://example.com')).toBe('https://example.com/');
    expect(linkTarget('HTTP://Example.com/x')).toBe('http://example.com/x');
    expect(linkTarget('ftp://example.com')).toBeUndefined();
    expect(linkTarget('https://u:p@example.com')).toBeUndefined();
    expect(linkTarget('not a url')).toBeUndefined();
  });
});
