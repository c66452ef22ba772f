/** ParleyClient's 1.2 account methods against a real server: findUsers, changePassword, deleteAccount. */
import { describe, expect, it } from 'vitest';
import { PASSWORD, useClientFixture } from '../../tests/helpers/client-fixture.js';
import { nextEvent } from '../../tests/helpers/next-event.js';
import { ParleyError } from './parley-error.js';

const fx = useClientFixture();
const quickReconnect = { reconnect: { initialDelayMs: 20, maxDelayMs: 200 } };

describe('account methods', () => {
  it('finds registered users by prefix, never-online ones included', async () => {
    await fx.registered('erin');
    const alice = await fx.user('alice');
    expect(await alice.findUsers('E')).toEqual(['erin']);
    expect(await alice.findUsers('a', 1)).toEqual(['alice']);
  });

  it('logs in again after a restart with the changed password', async () => {
    const alice = await fx.user('alice', quickReconnect);
    await expect(alice.changePassword('wrong password', 'new password 1')).rejects.toMatchObject({
      status: 401,
    });
    await alice.changePassword(PASSWORD, 'new password 1');
    const back = nextEvent(alice, 'reconnected');
    await fx.restartInPlace();
    expect(await back).toEqual({ username: 'alice' });
  });

  it('deletes the account: logged out for good, no reconnect, the name unknown', async () => {
    const alice = await fx.user('alice', quickReconnect);
    const gone = nextEvent(alice, 'disconnected');
    await alice.deleteAccount(PASSWORD);
    expect(await gone).toMatchObject({ reason: 'logout' });
    expect(alice.state).toBe('logged-out');
    expect(alice.reconnecting).toBe(false);
    const error = await alice.login('alice', PASSWORD).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParleyError);
    expect((error as ParleyError).status).toBe(404);
  });
});
