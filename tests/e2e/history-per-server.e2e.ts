/**
 * Local state belongs to (server, user): after "Change server" and the same name on another
 * server, none of the first server's conversations show (issue 17, defect 3). A reload keeps the
 * open conversation and the unsent draft (defect 21).
 */
import type { Page, WebSocket } from '@playwright/test';
import { expect, test } from './support/fixtures.js';
import {
  button,
  connectTo,
  conversationLog,
  field,
  logIn,
  logOut,
  named,
  openBroadcast,
  openConversation,
  register,
  registerOn,
  send,
} from './support/ui.js';

function composer(page: Page) {
  return page.getByRole('textbox', { name: named('Message') });
}

/** Resolves once the page's command `name` whose input passes `match` has been answered. */
function answered(
  socket: WebSocket,
  name: string,
  match: (input: Record<string, unknown>) => boolean,
): Promise<void> {
  return new Promise((resolve) => {
    const ids = new Set<unknown>();
    socket.on('framesent', ({ payload }) => {
      const call = JSON.parse(String(payload)) as {
        type: string;
        id: unknown;
        name: string;
        input: Record<string, unknown>;
      };
      if (call.type === 'call' && call.name === name && match(call.input)) ids.add(call.id);
    });
    socket.on('framereceived', ({ payload }) => {
      const reply = JSON.parse(String(payload)) as { type: string; id: unknown };
      if (reply.type === 'result' && ids.has(reply.id)) resolve();
    });
  });
}

test('another server with the same name shows none of the first one; a reload keeps the open chat and draft', async ({
  parley,
}) => {
  const first = await parley.server();
  const second = await parley.server();
  const alice = await parley.copy('alice');
  const bob = await parley.copy('bob');
  await registerOn(alice.page, first, 'alice');
  await registerOn(bob.page, first, 'bob');

  await test.step('bob has a conversation with alice and a broadcast on the first server', async () => {
    await openConversation(alice.page, 'bob');
    await send(alice.page, 'Hello from the first server');
    const log = await openConversation(bob.page, 'alice');
    await expect(log.getByText('Hello from the first server')).toBeVisible();
    await openBroadcast(bob.page);
    await send(bob.page, 'Everyone on the first server');
  });

  await test.step('after Change server and the same name elsewhere, none of it shows', async () => {
    await logOut(bob.page);
    await button(bob.page, 'Change server').click();
    await connectTo(bob.page, second);
    await register(bob.page, 'bob');
    await expect(bob.page.getByRole('button', { name: named('Chat with alice') })).toHaveCount(0);
    await expect(bob.page.getByText('Hello from the first server')).toHaveCount(0);
    const broadcast = await openBroadcast(bob.page);
    await expect(broadcast.getByText('Everyone on the first server')).toHaveCount(0);
  });

  await test.step('a reload keeps the open conversation and its draft', async () => {
    const socket = bob.page.waitForEvent('websocket');
    await bob.page.reload();
    const saved = answered(await socket, 'setDraft', (input) => input['text'] === 'Half-written thought');
    await expect(conversationLog(bob.page, 'Broadcast')).toBeVisible();
    await composer(bob.page).fill('Half-written thought');
    await saved;
    await bob.page.reload();
    await expect(conversationLog(bob.page, 'Broadcast')).toBeVisible();
    await expect(composer(bob.page)).toHaveValue('Half-written thought');
  });

  await test.step('back on the first server, its conversations are there again', async () => {
    await logOut(bob.page);
    await button(bob.page, 'Change server').click();
    await connectTo(bob.page, first);
    await logIn(bob.page, 'bob');
    const log = await openConversation(bob.page, 'alice');
    await expect(log.getByText('Hello from the first server')).toBeVisible();
    await expect(field(bob.page, 'Message')).toHaveValue('');
  });
});
