import { describe, expect, it } from 'vitest';
import { dispatchInvoke } from '../../src-main/shell/ipc-dispatch.js';
import { appOrigins } from '../../src-main/shell/security-policy.js';
import { checkSender, type SenderFacts } from '../../src-main/shell/sender-check.js';

const origins = appOrigins(undefined);
const good: SenderFacts = {
  channel: 'parley:sendMessage',
  frameUrl: 'app://parley/index.html',
  isMainFrame: true,
  fromAppWindow: true,
};

describe('checkSender', () => {
  it("allows the app window's main frame on a parley: channel", () => {
    expect(checkSender(good, origins)).toEqual({ allow: true });
  });

  it.each<[string, Partial<SenderFacts>, RegExp]>([
    ['a foreign channel', { channel: 'other:thing' }, /unknown channel/],
    ['a channel that only contains the prefix', { channel: 'x-parley:login' }, /unknown channel/],
    ['another window', { fromAppWindow: false }, /not an app window/],
    ['a frame that is gone', { frameUrl: undefined }, /frame is gone/],
    ['an empty frame URL', { frameUrl: '' }, /frame is gone/],
    ['about:blank', { frameUrl: 'about:blank' }, /not the app's/],
    ['a web page', { frameUrl: 'https://evil.example/' }, /not the app's \(https:\/\/evil.example\)/],
    ['a file page', { frameUrl: 'file:///tmp/x.html' }, /not the app's/],
    ['a malformed URL', { frameUrl: '::::' }, /malformed/],
    ['an iframe of the app', { isMainFrame: false }, /not the main frame/],
  ])('refuses %s', (_name, change, reason) => {
    const verdict = checkSender({ ...good, ...change }, origins);
    expect(verdict.allow).toBe(false);
    expect(verdict.allow ? '' : verdict.reason).toMatch(reason);
  });
});

describe('dispatchInvoke', () => {
  it('runs the command for an allowed sender and passes its result through', async () => {
    const result = await dispatchInvoke(
      good,
      origins,
      () => Promise.resolve({ ok: true, value: 42 }),
      () => {},
    );
    expect(result).toEqual({ ok: true, value: 42 });
  });

  it('answers forbidden-sender without running the command, and logs why', async () => {
    const lines: string[] = [];
    let ran = false;
    const result = await dispatchInvoke(
      { ...good, frameUrl: 'https://evil.example/' },
      origins,
      () => {
        ran = true;
        return Promise.resolve({ ok: true, value: 1 });
      },
      (line) => lines.push(line),
    );
    expect(ran).toBe(false);
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect(lines.join('\n')).toContain("refused 'parley:sendMessage'");
  });

  it('turns an unexpected throw into an internal error without the stack', async () => {
    const lines: string[] = [];
    const result = await dispatchInvoke(
      good,
      origins,
      () => Promise.reject(new Error('secret detail at /home/user')),
      (line) => lines.push(line),
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('secret detail');
    expect(lines.join('\n')).toContain('secret detail');
  });
});
