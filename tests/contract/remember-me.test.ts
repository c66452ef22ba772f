/**
 * "Remember me" (issue 17's account features): a restart logs back in by itself, the password is
 * never stored in plain text, the file is the user's only, and logging out, "Forget me" and a
 * password that no longer works all forget it.
 */
import { readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { profileFileBox } from '../../src-main/app/secret-box.js';
import { nextEvent } from '../helpers/next-event.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { HOSTING, ok, PASSWORD, useAppFixture, type TestApp } from './app-fixture.js';

const fx = useAppFixture();
const servers: TestServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.dispose();
});

const FILE = 'remembered-login.json';

/** A copy on a fresh profile that chose a fresh server, with alice registered there (not logged in). */
async function aliceRegistered(
  kind: Parameters<typeof fx.open>[0],
): Promise<{ app: TestApp; profile: string }> {
  const server = await startTestServer();
  servers.push(server);
  const profile = fx.profile();
  const app = await fx.open(kind, profile);
  await ok(app.api.connect({ mode: 'remote', host: server.host, port: server.port }));
  await ok(app.api.updateSettings({ onboarded: true }));
  await ok(app.api.register({ username: 'alice', password: PASSWORD }));
  return { app, profile };
}

/** Resolves once the app is logged in (it may already be). */
async function loggedIn(app: TestApp): Promise<string | undefined> {
  const event = nextEvent(app.events, 'state', (s) => s.state === 'logged-in', 20_000);
  const now = await ok(app.api.snapshot({}));
  if (now.client.state !== 'logged-in') await event;
  else event.catch(() => undefined);
  return (await ok(app.api.snapshot({}))).client.username;
}

describe('remember me', () => {
  it('logs back in after a restart, with the password sealed in a file only the user can read', async () => {
    const { app, profile } = await aliceRegistered('websocket');
    const remembered = nextEvent(app.events, 'remembered', (r) => r.username === 'alice');
    await ok(app.api.login({ username: 'alice', password: PASSWORD, remember: true }));
    expect(await remembered).toEqual({ storage: 'profile-file', username: 'alice' });

    const file = join(profile, FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(Buffer.from(PASSWORD).toString('base64'));
    await app.close();

    const again = await fx.open('websocket', profile);
    expect(await loggedIn(again)).toBe('alice');
    expect((await ok(again.api.snapshot({}))).remember).toEqual({
      storage: 'profile-file',
      username: 'alice',
    });
  });

  it("logs back in to this computer's own server after a restart (hosting starts first)", async () => {
    const profile = fx.profile(HOSTING);
    const app = await fx.open('in-process', profile);
    await ok(app.api.connect({ mode: 'embedded' }));
    await ok(app.api.register({ username: 'alice', password: PASSWORD }));
    await ok(app.api.login({ username: 'alice', password: PASSWORD, remember: true }));
    await app.close();
    const again = await fx.open('in-process', profile);
    expect(await loggedIn(again)).toBe('alice');
    expect((await ok(again.api.snapshot({}))).host).toMatchObject({ state: 'running' });
  });

  it('forgets on log out, on "Forget me", and when logging in without it', async () => {
    const { app, profile } = await aliceRegistered('in-process');
    const file = join(profile, FILE);

    await ok(app.api.login({ username: 'alice', password: PASSWORD, remember: true }));
    expect(existsSync(file)).toBe(true);
    const forgotten = nextEvent(app.events, 'remembered', (r) => r.username === undefined);
    await ok(app.api.forgetMe({}));
    await forgotten;
    expect(existsSync(file)).toBe(false);
    expect((await ok(app.api.snapshot({}))).client.state).toBe('logged-in');

    await ok(app.api.logout({}));
    await ok(app.api.login({ username: 'alice', password: PASSWORD, remember: true }));
    await ok(app.api.logout({}));
    expect(existsSync(file)).toBe(false);

    await ok(app.api.login({ username: 'alice', password: PASSWORD, remember: true }));
    await ok(app.api.logout({}));
    await ok(app.api.login({ username: 'alice', password: PASSWORD }));
    expect(existsSync(file)).toBe(false);
  });

  it('forgets a remembered password the server no longer takes, and says so', async () => {
    const { app, profile } = await aliceRegistered('in-process');
    await ok(app.api.login({ username: 'alice', password: PASSWORD, remember: true }));
    await app.close();
    // As if the password had been changed from another computer since.
    const file = join(profile, FILE);
    const entry = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(
      file,
      JSON.stringify({ ...entry, sealed: profileFileBox(profile).seal('not-the-password') }),
    );

    const again = await fx.open('in-process', profile);
    const notice = await nextEvent(again.events, 'notice', (n) => /no longer works/.test(n.message), 20_000);
    expect(notice.message).toContain('log in again');
    expect(existsSync(file)).toBe(false);
    expect((await ok(again.api.snapshot({}))).remember.username).toBeUndefined();
  });

  it('keeps up with a password changed here, and forgets an account deleted here', async () => {
    const { app, profile } = await aliceRegistered('in-process');
    await ok(app.api.login({ username: 'alice', password: PASSWORD, remember: true }));
    await ok(app.api.changePassword({ oldPassword: PASSWORD, newPassword: 'new password 1' }));
    await app.close();

    const again = await fx.open('in-process', profile);
    expect(await loggedIn(again)).toBe('alice');
    const forgotten = nextEvent(again.events, 'remembered', (r) => r.username === undefined);
    await ok(again.api.deleteAccount({ password: 'new password 1' }));
    await forgotten;
    expect(existsSync(join(profile, FILE))).toBe(false);
  });
});
