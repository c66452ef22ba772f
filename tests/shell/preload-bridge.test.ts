import { describe, expect, it } from 'vitest';
import { API_COMMAND_NAMES, API_EVENT_NAMES, channelOf } from '../../src-shared/api/index.js';
import { COMMAND_NAMES, EVENT_NAMES, channelFor } from '../../src-main/shell/contract-names.js';
import { createParleyBridge } from '../../src-main/shell/preload-bridge.js';

describe('contract names in the preload', () => {
  it("match the contract's commands and events exactly, with the same channels", () => {
    expect([...COMMAND_NAMES].sort()).toEqual([...API_COMMAND_NAMES].sort());
    expect([...EVENT_NAMES].sort()).toEqual([...API_EVENT_NAMES].sort());
    for (const name of [...COMMAND_NAMES, ...EVENT_NAMES]) expect(channelFor(name)).toBe(channelOf(name));
  });
});

describe('createParleyBridge', () => {
  it('has one method per command plus on, and nothing generic', () => {
    const api = createParleyBridge(
      () => Promise.resolve(undefined),
      () => () => {},
    );
    expect(Object.keys(api).sort()).toEqual([...API_COMMAND_NAMES, 'on'].sort());
    expect(Object.isFrozen(api)).toBe(true);
    expect('send' in api).toBe(false);
    expect('invoke' in api).toBe(false);
  });

  it("invokes the command's own channel with the input, and returns main's answer", async () => {
    const calls: [string, unknown][] = [];
    const api = createParleyBridge(
      (channel, input) => {
        calls.push([channel, input]);
        return Promise.resolve({ ok: true, value: { to: 'x' } });
      },
      () => () => {},
    );
    const result = await api.sendMessage({ to: 'bob', text: 'hi' });
    expect(calls).toEqual([['parley:sendMessage', { to: 'bob', text: 'hi' }]]);
    expect(result).toEqual({ ok: true, value: { to: 'x' } });
  });

  it('subscribes on the event channel, hands over the payload only, and unsubscribes', () => {
    const listeners = new Map<string, (payload: unknown) => void>();
    const api = createParleyBridge(
      () => Promise.resolve(undefined),
      (channel, listener) => {
        listeners.set(channel, listener);
        return () => listeners.delete(channel);
      },
    );
    const seen: unknown[] = [];
    const off = api.on('presence', (payload) => seen.push(payload));
    listeners.get('parley:presence')!({ user: 'alice', online: true });
    expect(seen).toEqual([{ user: 'alice', online: true }]);
    off();
    expect(listeners.has('parley:presence')).toBe(false);
  });

  it('refuses unknown events and non-function listeners', () => {
    const api = createParleyBridge(
      () => Promise.resolve(undefined),
      () => () => {},
    );
    expect(() => api.on('nope' as 'presence', () => {})).toThrow(/Unknown event/);
    expect(() => api.on('presence', 'x' as unknown as () => void)).toThrow(/listener/);
  });
});
