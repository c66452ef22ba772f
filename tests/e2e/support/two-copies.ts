/** The opening many flows share: alice and bob on one server, and a private chat between them. */
import type { TestServer } from '../../helpers/test-server.js';
import { expect, type Copy, type ParleyFixture } from './fixtures.js';
import { button, conversationLog, personMenu, registerOn, requestDialog } from './ui.js';

/** A real server, and alice and bob in copies of their own, registered and logged in on it. */
export async function aliceAndBob(
  parley: ParleyFixture,
): Promise<{ server: TestServer; alice: Copy; bob: Copy }> {
  const server = await parley.server();
  const alice = await parley.copy('alice');
  const bob = await parley.copy('bob');
  for (const copy of [alice, bob]) await registerOn(copy.page, server, copy.name);
  return { server, alice, bob };
}

/** `from` asks `to` for a private chat and `to` accepts; the chat is then open on both sides. */
export async function openPrivateChat(from: Copy, to: Copy): Promise<void> {
  await personMenu(from.page, to.name, 'Start private chat');
  await button(requestDialog(to.page, from.name), 'Accept').click();
  await expect(conversationLog(from.page, `Private chat with ${to.name}`)).toBeVisible();
  await expect(conversationLog(to.page, `Private chat with ${from.name}`)).toBeVisible();
}
