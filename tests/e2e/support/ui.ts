/**
 * The Parley UI as the specs drive it: only by role and accessible name, the names issue 10 lists
 * (case-insensitive, extra words allowed). A name the UI lacks fails here, which is the point.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export const PASSWORD = 'correct-horse-1';

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An accessible name that contains `text` as whole words, in any case. */
export function named(text: string): RegExp {
  return new RegExp(`(^|\\W)${escape(text)}(\\W|$)`, 'i');
}

type Scope = Page | Locator;

/** A text field by name: a textbox, a number field (spinbutton) or a password input (no role). */
export function field(scope: Scope, name: string): Locator {
  if (/password/i.test(name)) return scope.getByLabel(named(name));
  return scope
    .getByRole('textbox', { name: named(name) })
    .or(scope.getByRole('spinbutton', { name: named(name) }));
}

export function button(scope: Scope, name: string): Locator {
  return scope.getByRole('button', { name: named(name) });
}

/** The sidebar's Settings button, by its exact name: "Save file settings" inside Settings matches the word too. */
export function settingsButton(scope: Scope): Locator {
  return scope.getByRole('button', { name: 'Settings', exact: true });
}

/** The open conversation's messages: a `log` named after it. */
export function conversationLog(page: Page, name: string): Locator {
  return page.getByRole('log', { name: named(name) });
}

function composer(page: Page): Locator {
  return page.getByRole('textbox', { name: named('Message') });
}

/**
 * A person in the people list: named by the username and saying online or offline. Which role
 * the entry has is the UI's choice; these are the ones a list of people can sensibly use.
 */
export function person(page: Page, user: string, presence?: 'online' | 'offline'): Locator {
  const name = new RegExp(
    `(^|\\W)${escape(user)}(\\W|$)${presence === undefined ? '' : `.*\\b${presence}\\b`}`,
    'i',
  );
  const people = page
    .getByRole('list', { name: /people/i })
    .or(page.getByRole('region', { name: /people/i }));
  const roles = ['button', 'listitem', 'option', 'treeitem', 'link'] as const;
  return roles.map((role) => people.getByRole(role, { name })).reduce((all, next) => all.or(next));
}

/** The banner about the connection (disconnected, reconnecting, server shut down). */
export function connectionAlert(page: Page): Locator {
  return page.getByRole('alert');
}

/** First run: "another server" at host:port. */
export async function connectTo(page: Page, address: { host: string; port: number }): Promise<void> {
  // Host and Port show once "Another server" is chosen ("This computer" needs neither).
  await page.getByRole('radio', { name: /another server/i }).check();
  const host = field(page, 'Host');
  await host.fill(address.host);
  await field(page, 'Port').fill(String(address.port));
  await button(page, 'Connect').click();
  await expect(field(page, 'Username')).toBeVisible();
}

/** First run: "This computer" (the embedded server). */
export async function connectToThisComputer(page: Page): Promise<void> {
  await page.getByRole('radio', { name: /this computer/i }).check();
  await button(page, 'Start chatting').click();
  await expect(field(page, 'Username')).toBeVisible();
}

async function fillCredentials(page: Page, username: string, password: string): Promise<void> {
  await field(page, 'Username').fill(username);
  await field(page, 'Password').fill(password);
}

/** The main window is up: the log-in form is gone and Settings is offered. */
export async function expectLoggedIn(page: Page): Promise<void> {
  await expect(settingsButton(page)).toBeVisible();
  await expect(field(page, 'Username')).toBeHidden();
}

export async function register(page: Page, username: string, password = PASSWORD): Promise<void> {
  await fillCredentials(page, username, password);
  await button(page, 'Register').click();
  await expectLoggedIn(page);
}

export async function logIn(page: Page, username: string, password = PASSWORD): Promise<void> {
  await fillCredentials(page, username, password);
  await button(page, 'Log in').click();
  await expectLoggedIn(page);
}

/** First run against the server at `address`: connects, registers `username` and is logged in. */
export async function registerOn(
  page: Page,
  address: { host: string; port: number },
  username: string,
): Promise<void> {
  await connectTo(page, address);
  await register(page, username);
}

/** Log in with a password expected to fail; the form stays. */
export async function tryLogIn(page: Page, username: string, password: string): Promise<void> {
  await fillCredentials(page, username, password);
  await button(page, 'Log in').click();
}

export async function logOut(page: Page): Promise<void> {
  const logOutButton = button(page, 'Log out');
  await expect(settingsButton(page)).toBeVisible();
  if (!(await logOutButton.isVisible())) await openSettings(page);
  await logOutButton.click();
  await expect(field(page, 'Username')).toBeVisible();
}

export async function openSettings(page: Page): Promise<Locator> {
  await settingsButton(page).click();
  const settings = page
    .getByRole('dialog', { name: /settings/i })
    .or(page.getByRole('region', { name: /settings/i }));
  await expect(settings).toBeVisible();
  return settings;
}

/** Opens the conversation with `user` from the people list. */
export async function openConversation(page: Page, user: string): Promise<Locator> {
  await person(page, user).first().click();
  const log = conversationLog(page, user);
  await expect(log).toBeVisible();
  return log;
}

export async function openBroadcast(page: Page): Promise<Locator> {
  const entry = page
    .getByRole('button', { name: /broadcast/i })
    .or(page.getByRole('link', { name: /broadcast/i }))
    .or(page.getByRole('option', { name: /broadcast/i }))
    .or(page.getByRole('tab', { name: /broadcast/i }));
  await entry.first().click();
  const log = conversationLog(page, 'Broadcast');
  await expect(log).toBeVisible();
  return log;
}

/** Types into the composer and sends with Enter. */
export async function send(page: Page, text: string): Promise<void> {
  const box = composer(page);
  await box.fill(text);
  await box.press('Enter');
  await expect(box).toHaveValue('');
}

/**
 * Picks an item ("Block", "Unblock", "Start private chat", "End private chat") from a person's
 * menu: the menu button of their open conversation (named "Actions for <user>" in this UI; the
 * issue names only the items).
 */
export async function personMenu(page: Page, user: string, item: string): Promise<void> {
  const menuButton = page.getByRole('button', {
    // Anchored: each message's "Message actions for bob's message…" names bob too.
    name: new RegExp(`^(actions|menu|options|more)\\b.*${escape(user)}`, 'i'),
  });
  if (!(await menuButton.isVisible())) await openConversation(page, user);
  await menuButton.click();
  await page.getByRole('menuitem', { name: named(item) }).click();
}

/** The incoming private-chat request dialog, named with the requester. */
export function requestDialog(page: Page, from: string): Locator {
  return page
    .getByRole('alertdialog', { name: named(from) })
    .or(page.getByRole('dialog', { name: named(from) }));
}
