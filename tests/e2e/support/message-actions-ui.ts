/** Message actions as the specs drive them: the ⋯ button of a message, its menu and the picker. */
import type { Locator, Page } from '@playwright/test';

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The ⋯ button of the message of `who` ("alice", or "your" for one's own) that starts with `text`. */
export function actionsOf(page: Page, who: string, text: string): Locator {
  return page.getByRole('button', {
    name: new RegExp(`message actions for ${escape(who)}'?s? message at .*: ${escape(text)}`, 'i'),
  });
}

/** Picks `item` ("Reply", "Edit", "Delete…", "React…") from that message's menu. */
export async function messageAction(page: Page, who: string, text: string, item: string): Promise<void> {
  await actionsOf(page, who, text).click();
  await page.getByRole('menuitem', { name: item, exact: true }).click();
}

/** Reacts with `emoji` through the menu's picker. */
export async function reactTo(page: Page, who: string, text: string, emoji: string): Promise<void> {
  await messageAction(page, who, text, 'React…');
  await page.getByRole('menuitem', { name: `React with ${emoji}` }).click();
}

/** A message's own text (a paragraph of its bubble), not the quote of it in a reply. */
export function bubble(log: Locator, text: string): Locator {
  return log.getByRole('paragraph').filter({ hasText: new RegExp(`^${escape(text)}$`) });
}
