/**
 * Browser mode's desktop notifications, through the page's Notification API: the same events and
 * the same sanitised text as the Electron shell's (src-shared/ui/notification-text.ts), shown
 * while the page is not in front and the user has them on. Permission is asked only when the user
 * turns the setting on (a click), never at load.
 */
import {
  keyOf,
  mentions,
  type ApiEventName,
  type ApiEvents,
  type ChatMessage,
} from '../src-shared/api/index.js';
import { notificationFor } from '../src-shared/ui/notification-text.js';
import { api } from './api.js';
import { useConversationsStore } from './stores/conversations-store.js';
import { useSessionStore } from './stores/session-store.js';
import { useSettingsStore } from './stores/settings-store.js';

export type NotificationPermissionState = 'unsupported' | 'default' | 'granted' | 'denied';

/** Whether this page can show notifications, and what the browser decided so far. */
export function notificationPermission(): NotificationPermissionState {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.permission;
}

/** Asks the browser (call it from the user's click); resolves with its answer. */
export async function askNotificationPermission(): Promise<NotificationPermissionState> {
  if (typeof Notification === 'undefined') return 'unsupported';
  if (Notification.permission !== 'default') return Notification.permission;
  return Notification.requestPermission();
}

function inFront(): boolean {
  return document.visibilityState === 'visible' && document.hasFocus();
}

/** A muted conversation notifies only of a mention of this user (the core's rule, here for the page). */
function quietened(message: ChatMessage): boolean {
  if (useConversationsStore.getState().byKey[keyOf(message)]?.muted !== true) return false;
  return !mentions(message.text, useSessionStore.getState().username ?? '');
}

function show<E extends ApiEventName>(event: E, payload: ApiEvents[E], tag: string): void {
  if (notificationPermission() !== 'granted' || inFront()) return;
  if (useSettingsStore.getState().settings?.notifications !== true) return;
  // The browser shows title and body as text: no escaping on top of the shared sanitising.
  const text = notificationFor(event, payload, 'browser');
  if (text === undefined) return;
  // One tag per happening: two tabs of one copy replace each other's notification.
  const notification = new Notification(text.title, { body: text.body, tag });
  notification.addEventListener('click', () => {
    window.focus();
    notification.close();
  });
}

/** Starts notifying; only in browser mode (the shell notifies from main). */
export function startBrowserNotifications(): () => void {
  const offs = [
    api.on('message', (payload) => {
      if (!quietened(payload.message)) show('message', payload, `parley-message-${payload.message.id}`);
    }),
    api.on('private-request', (payload) =>
      show('private-request', payload, `parley-request-${payload.requestId}`),
    ),
  ];
  return () => offs.forEach((off) => off());
}
