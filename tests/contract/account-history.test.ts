/**
 * Local state belongs to an account, (server, user): the same name on another server is another
 * person, so after "Change server…" nothing of the first server shows (issue 17, defect 3). And
 * the window's open conversation and drafts are kept per account across a reload (defect 21).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { nextEvent } from '../helpers/next-event.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { ADAPTERS, ok, PASSWORD, useAppFixture, type TestApp } from './app-fixture.js';

const fx = useAppFixture();
const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.dispose()));
});

async function server(): Promise<TestServer> {
  const s = await startTestServer();
  servers.push(s);
  return s;
}

async function signIn(app: TestApp, at: TestServer, username: string, register: boolean): Promise<void> {
  await ok(app.api.connect({ mode: 'remote', host: at.host, port: at.port }));
  if (register) await ok(app.api.register({ username, password: PASSWORD }));
  await ok(app.api.login({ username, password: PASSWORD }));
}

describe.each(ADAPTERS)('history per server and user over %s', (adapter) => {
  it("shows none of the first server's conversations after changing server with the same name", async () => {
    const first = await server();
    const second = await server();
    const alice = await fx.open(adapter, fx.profile());
    await signIn(alice, first, 'alice', true);
    const bob = await fx.open(adapter, fx.profile());
    await signIn(bob, first, 'bob', true);

    const got = nextEvent(bob.events, 'message', ({ message }) => message.text === 'hi bob');
    const unread = nextEvent(bob.events, 'unread', (u) => u.total === 1);
    await ok(alice.api.sendMessage({ to: 'bob', text: 'hi bob' }));
    await got;
    await unread;
    await ok(bob.api.broadcast({ text: 'hello first server' }));
    await ok(bob.api.setDraft({ key: 'direct:alice', text: 'unsent to the first alice' }));
    await ok(bob.api.setOpenConversation({ key: 'direct:alice' }));

    // Change server: log out, connect elsewhere, the same name again.
    await ok(bob.api.logout({}));
    const cleared = nextEvent(bob.events, 'unread', (u) => u.total === 0);
    await signIn(bob, second, 'bob', true);
    await cleared;
    const elsewhere = await ok(bob.api.snapshot({}));
    expect(elsewhere.client).toMatchObject({ username: 'bob', conversations: [] });
    expect(elsewhere.view).toEqual({ drafts: {} });
    const none = await ok(bob.api.loadConversation({ key: 'direct:alice' }));
    expect(none).toMatchObject({ messages: [], unread: 0 });

    // Back on the first server, all of it is there again.
    await ok(bob.api.logout({}));
    await signIn(bob, first, 'bob', false);
    const back = await ok(bob.api.snapshot({}));
    expect(back.client.conversations.map((c) => [c.key, c.unread, c.messages.map((m) => m.text)])).toEqual([
      ['#broadcast', 0, ['hello first server']],
      ['direct:alice', 1, ['hi bob']],
    ]);
    expect(back.view).toEqual({
      openKey: 'direct:alice',
      drafts: { 'direct:alice': 'unsent to the first alice' },
    });
  });

  it('counts unread messages that mention the user apart, per account, until read', async () => {
    const at = await server();
    const erin = await fx.open(adapter, fx.profile());
    await signIn(erin, at, 'erin', true);
    const frank = await fx.open(adapter, fx.profile());
    await signIn(frank, at, 'frank', true);
    const both = nextEvent(frank.events, 'unread', (u) => u.total === 3);
    await ok(erin.api.sendMessage({ to: 'frank', text: 'hi @Frank, a question' }));
    await ok(erin.api.sendMessage({ to: 'frank', text: 'for @frankie, not you' }));
    await ok(erin.api.sendMessage({ to: 'frank', text: '@frank.' }));
    expect(await both).toEqual({ counts: { 'direct:erin': 3 }, total: 3, mentions: { 'direct:erin': 2 } });
    const snapshot = await ok(frank.api.snapshot({}));
    expect(snapshot.client.conversations).toEqual([
      expect.objectContaining({ key: 'direct:erin', unread: 3, mentions: 2 }),
    ]);
    const read = nextEvent(frank.events, 'unread', (u) => u.total === 0 && u.mentions === undefined);
    await ok(frank.api.markRead({ key: 'direct:erin' }));
    await read;
  });

  it('keeps the open conversation and drafts across a restart, an empty draft removed', async () => {
    const at = await server();
    const profile = fx.profile();
    let carol = await fx.open(adapter, profile);
    await signIn(carol, at, 'carol', true);
    await ok(carol.api.setDraft({ key: 'direct:dave', text: 'first' }));
    await ok(carol.api.setDraft({ key: '#broadcast', text: 'to all, later' }));
    await ok(carol.api.setDraft({ key: 'direct:dave', text: '' }));
    await ok(carol.api.setOpenConversation({ key: '#broadcast' }));
    const refused = await carol.api.setDraft({ key: 'direct:no one', text: 'x' });
    expect(refused.ok).toBe(false);
    await carol.close();

    carol = await fx.open(adapter, profile);
    const before = await ok(carol.api.snapshot({}));
    expect(before.view).toEqual({ openKey: '#broadcast', drafts: { '#broadcast': 'to all, later' } });
  });
});
