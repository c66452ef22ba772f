/**
 * Local history through both adapters: what a profile saw survives a restart of the core, is in
 * the snapshot before any server answers, is stored once, and stays apart per user.
 */
import { describe, expect, it } from 'vitest';
import { nextEvent } from '../helpers/next-event.js';
import { ADAPTERS, HOSTING, ok, PASSWORD, useAppFixture, type TestApp } from './app-fixture.js';

const fx = useAppFixture();

async function signIn(app: TestApp, username: string, register = true): Promise<void> {
  if (register) await ok(app.api.register({ username, password: PASSWORD }));
  await ok(app.api.login({ username, password: PASSWORD }));
}

describe.each(ADAPTERS)('local history over %s', (adapter) => {
  it('keeps history across a restart, shown before the server answers, apart per user', async () => {
    const profile = fx.profile(HOSTING);
    let alice = await fx.open(adapter, profile);
    await ok(alice.api.connect({ mode: 'embedded' }));
    await signIn(alice, 'alice');
    const sent = await ok(alice.api.broadcast({ text: 'anyone here?' }));
    expect(sent.message.state).toBe('sent');
    await alice.close();

    alice = await fx.open(adapter, profile);
    const before = await ok(alice.api.snapshot({}));
    expect(before.client.state).toBe('disconnected');
    expect(before.settings.lastUsername).toBe('alice');
    expect(before.client.conversations).toEqual([
      expect.objectContaining({
        key: '#broadcast',
        kind: 'broadcast',
        messages: [expect.objectContaining({ text: 'anyone here?', state: 'sent', direction: 'out' })],
      }),
    ]);

    await ok(alice.api.connect({ mode: 'embedded' }));
    await signIn(alice, 'carol');
    const carols = await ok(alice.api.snapshot({}));
    expect(carols.client.username).toBe('carol');
    expect(carols.client.conversations).toEqual([]);
  });

  it('keeps a received direct message across a restart, once, and only for its owner', async () => {
    const host = await fx.open(adapter, fx.profile(HOSTING));
    const address = await ok(host.api.connect({ mode: 'embedded' }));
    await signIn(host, 'alice');
    const profile = fx.profile();
    let bob = await fx.open(adapter, profile);
    await ok(bob.api.connect({ mode: 'remote', ...address }));
    await signIn(bob, 'bob');
    const received = nextEvent(bob.events, 'message', ({ message }) => message.from === 'alice');
    const sent = await ok(host.api.sendMessage({ to: 'bob', text: 'keep this' }));
    expect(sent.state).toBe('delivered');
    await received;
    await bob.close();

    bob = await fx.open(adapter, profile);
    const before = await ok(bob.api.snapshot({}));
    expect(before.client.state).toBe('disconnected');
    const kept = before.client.conversations.find((c) => c.key === 'direct:alice');
    expect(kept?.messages).toEqual([
      expect.objectContaining({ id: sent.id, text: 'keep this', direction: 'in', kind: 'direct' }),
    ]);
    expect(kept?.unread).toBe(1);

    await ok(bob.api.connect({ mode: 'remote', ...address }));
    await signIn(bob, 'bob', false);
    const again = nextEvent(bob.events, 'message', ({ message }) => message.from === 'alice');
    await ok(host.api.sendMessage({ to: 'bob', text: 'and this' }));
    await again;
    const after = await ok(bob.api.loadConversation({ key: 'direct:alice' }));
    expect(after.messages.map((m) => m.text)).toEqual(['keep this', 'and this']);
  });

  it('records a send made while the server was away as queued, and its sending by itself once back', async () => {
    const host = await fx.open(adapter, fx.profile(HOSTING));
    const { port } = await ok(host.api.connect({ mode: 'embedded' }));
    await ok(host.api.updateSettings({ hosting: { port } }));
    await signIn(host, 'alice');
    const guest = await fx.open(adapter, fx.profile());
    await ok(guest.api.connect({ mode: 'remote', host: '127.0.0.1', port }));
    await signIn(guest, 'bob');

    const gone = nextEvent(guest.events, 'disconnected');
    await ok(host.api.setHosting({ enabled: false }));
    await gone;
    const queued = await ok(guest.api.sendMessage({ to: 'alice', text: 'while you were away' }));
    expect(queued.state).toBe('queued');
    const stored = await ok(guest.api.loadConversation({ key: 'direct:alice' }));
    expect(stored.messages).toEqual([expect.objectContaining({ id: queued.id, state: 'queued' })]);

    const sent = nextEvent(
      guest.events,
      'message-updated',
      ({ message, localId }) =>
        localId === queued.id && (message.state === 'delivered' || message.state === 'stored'),
    );
    await ok(host.api.setHosting({ enabled: true }));
    await guest.api.reconnectNow({});
    const { message } = await sent;
    const after = await ok(guest.api.loadConversation({ key: 'direct:alice' }));
    expect(after.messages).toEqual([
      expect.objectContaining({ id: message.id, state: message.state, text: 'while you were away' }),
    ]);
  });
});
