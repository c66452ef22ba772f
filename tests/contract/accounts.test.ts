/**
 * The contract's account commands over both adapters, with real cores and a real embedded server:
 * finding anyone registered, changing the password, deleting the account, and the host's
 * administration of its server (refused when not hosting).
 */
import { describe, expect, it } from 'vitest';
import { nextEvent } from '../helpers/next-event.js';
import { ADAPTERS, HOSTING, ok, PASSWORD, useAppFixture, type TestApp } from './app-fixture.js';

const fx = useAppFixture();

async function signIn(app: TestApp, username: string, password = PASSWORD): Promise<void> {
  await ok(app.api.register({ username, password }));
  await ok(app.api.login({ username, password }));
}

describe.each(ADAPTERS)('account commands over %s', (adapter) => {
  async function hostAndGuest(): Promise<{ host: TestApp; guest: TestApp; port: number }> {
    const host = await fx.open(adapter, fx.profile(HOSTING));
    const address = await ok(host.api.connect({ mode: 'embedded' }));
    await signIn(host, 'alice');
    const guest = await fx.open(adapter, fx.profile());
    await ok(guest.api.connect({ mode: 'remote', ...address }));
    return { host, guest, port: address.port };
  }

  it('finds a user who was never online, and a message to them is stored', async () => {
    const { host, guest } = await hostAndGuest();
    await ok(guest.api.register({ username: 'erin', password: PASSWORD }));
    expect(await ok(host.api.findUsers({ prefix: 'ER' }))).toEqual({ users: ['erin'] });
    const sent = await ok(host.api.sendMessage({ to: 'erin', text: 'for when you come' }));
    expect(sent).toMatchObject({ state: 'stored' });
  });

  it('changes the password and deletes the account', async () => {
    const { host, guest } = await hostAndGuest();
    await signIn(guest, 'bob');
    const wrong = await guest.api.changePassword({
      oldPassword: 'not my password',
      newPassword: 'new password 1',
    });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'refused', status: 401 } });
    await ok(guest.api.changePassword({ oldPassword: PASSWORD, newPassword: 'new password 1' }));

    const bobGone = nextEvent(host.events, 'presence', (p) => p.user === 'bob' && !p.online);
    const loggedOut = nextEvent(guest.events, 'state', (s) => s.state === 'logged-out');
    const refused = await guest.api.deleteAccount({ password: PASSWORD });
    expect(refused).toMatchObject({ ok: false, error: { status: 401 } });
    await ok(guest.api.deleteAccount({ password: 'new password 1' }));
    await loggedOut;
    await bobGone;
    expect(await ok(host.api.findUsers({ prefix: 'bob' }))).toEqual({ users: [] });
    const again = await guest.api.login({ username: 'bob', password: 'new password 1' });
    expect(again).toMatchObject({ ok: false, error: { status: 404 } });
  });

  it('lets the host list, log out, lock, unlock and remove accounts', async () => {
    const { host, guest } = await hostAndGuest();
    await signIn(guest, 'bob');
    const { accounts } = await ok(host.api.listAccounts({}));
    expect(accounts.map((a) => [a.username, a.online, a.lockedUntil])).toEqual([
      ['alice', true, null],
      ['bob', true, null],
    ]);

    const byHost = nextEvent(guest.events, 'disconnected');
    expect(await ok(host.api.adminLogOut({ user: 'bob' }))).toEqual({ loggedOut: true });
    expect(await byHost).toMatchObject({ reason: 'admin' });

    await ok(host.api.adminLock({ user: 'bob', seconds: 600 }));
    const locked = await guest.api.login({ username: 'bob', password: PASSWORD });
    expect(locked).toMatchObject({ ok: false, error: { status: 403 } });
    const listed = (await ok(host.api.listAccounts({}))).accounts.find((a) => a.username === 'bob');
    expect(listed?.lockedUntil).toBeGreaterThan(Date.now());
    expect(await ok(host.api.adminUnlock({ user: 'bob' }))).toEqual({ wasLocked: true });
    await ok(guest.api.login({ username: 'bob', password: PASSWORD }));

    const removed = nextEvent(guest.events, 'disconnected');
    await ok(host.api.adminRemove({ user: 'bob' }));
    expect(await removed).toMatchObject({ reason: 'admin' });
    expect((await ok(host.api.listAccounts({}))).accounts.map((a) => a.username)).toEqual(['alice']);
    expect(await host.api.adminRemove({ user: 'bob' })).toMatchObject({ ok: false, error: { status: 404 } });
  });

  it('refuses the admin commands when this app is not hosting', async () => {
    const { guest } = await hostAndGuest();
    const refused = await guest.api.listAccounts({});
    expect(refused).toMatchObject({ ok: false, error: { code: 'refused' } });
    expect(refused.ok ? '' : refused.error.message).toMatch(/not hosting/);
  });
});
