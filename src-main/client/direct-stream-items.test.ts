/**
 * Protocol 1.2 direct-stream items other than messages (edits, deletes, reactions, read receipts)
 * through the real client and a real server: acknowledged in turn, so a long run of them never
 * fills the server's window and holds the next message back.
 */
import { describe, expect, it } from 'vitest';
import { loggedIn } from '../../tests/helpers/line-client.js';
import { PASSWORD, useClientFixture } from '../../tests/helpers/client-fixture.js';
import { nextEvent } from '../../tests/helpers/next-event.js';

const fx = useClientFixture();

describe('direct-stream items the client does not keep', () => {
  it('are acknowledged, so a run longer than the window does not stall messages', async () => {
    const { port } = await fx.restartWith({ deliveryWindow: { messages: 8, bytes: 1 << 20 } });
    const alice = await fx.user('alice');
    const bob = await loggedIn(port, 'bob', { password: PASSWORD });
    try {
      const first = nextEvent(alice, 'message', (e) => e.message.text === 'first');
      await bob.request('message', { to: 'alice', text: 'first' });
      const { message } = await first;
      const reads = [];
      for (let i = 0; i < 40; i++) reads.push(bob.request('read', { to: 'alice', upTo: String(message.id) }));
      expect((await Promise.all(reads)).every((r) => r.status === 200)).toBe(true);
      const after = nextEvent(alice, 'message', (e) => e.message.text === 'after the reads');
      await bob.request('message', { to: 'alice', text: 'after the reads' });
      await after;
      await alice.logout();
      await fx.server.server.deliveryCommitted();
      expect(fx.server.store.inbox.count('alice')).toBe(0);
    } finally {
      bob.close();
    }
  });
});
