/**
 * The reply/reaction picture: in alice's conversation with bob, bob answers a message of hers
 * with a quote, both react, and alice's own reply is edited. Needs the conversation of
 * take-screenshots.ts (alice's "One thing left…" and "It did, around eleven…").
 */
import type { Page } from '@playwright/test';
import { bubble, messageAction, reactTo } from '../support/message-actions-ui.js';
import { conversationLog, openConversation, send } from '../support/ui.js';

export async function replyReactionThread(alice: Page, bob: Page): Promise<void> {
  await openConversation(alice, 'bob');
  await openConversation(bob, 'alice');
  const aliceLog = conversationLog(alice, 'bob');
  await messageAction(bob, 'alice', 'One thing left', 'Reply');
  await send(bob, 'Light and dark both, I assume?');
  await bubble(aliceLog, 'Light and dark both, I assume?').waitFor();
  await reactTo(bob, 'alice', 'It did, around eleven', '🎉');
  await reactTo(alice, 'bob', 'Light and dark both', '👍');
  await messageAction(alice, 'bob', 'Light and dark both', 'Reply');
  await send(alice, 'Yes, both themes');
  await messageAction(alice, 'your', 'Yes, both themes', 'Edit');
  await alice.getByRole('textbox', { name: /message/i }).fill('Yes, both themes, at 1200 × 760.');
  await alice.getByRole('textbox', { name: /message/i }).press('Enter');
  await reactTo(bob, 'alice', 'Yes, both themes', '👍');
  await reactTo(bob, 'alice', 'Yes, both themes', '❤️');
  await aliceLog.getByRole('button', { name: /❤️ 1: bob/ }).waitFor();
  await aliceLog.getByRole('button', { name: /🎉 1: bob/ }).waitFor();
  await aliceLog.getByText('(edited)').waitFor();
  await alice.mouse.move(1, 1);
  await alice.getByRole('textbox', { name: /message/i }).focus();
}
