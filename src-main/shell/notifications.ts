/**
 * Desktop notifications for incoming messages and private-chat requests while the window is not
 * focused and the user has them on. Clicking one brings the window back.
 */
import { Notification } from 'electron';
import type { AppCore } from '../app/app-core.js';
import { notificationFor } from './notification-text.js';

export interface NotifierOptions {
  readonly enabled: () => boolean;
  readonly windowFocused: () => boolean;
  readonly showWindow: () => void;
  readonly iconPath: string | undefined;
}

export function startNotifications(core: AppCore, options: NotifierOptions): () => void {
  if (!Notification.isSupported()) return () => undefined;
  const show = (text: { title: string; body: string } | undefined): void => {
    if (text === undefined || !options.enabled() || options.windowFocused()) return;
    const notification = new Notification({
      title: text.title,
      body: text.body,
      silent: false,
      ...(options.iconPath === undefined ? {} : { icon: options.iconPath }),
    });
    notification.on('click', options.showWindow);
    notification.show();
  };
  // A muted conversation notifies only of a mention (the app core decides, per account).
  const offMessage = core.on('message', (payload) => {
    if (core.notifies(payload.message)) show(notificationFor('message', payload));
  });
  const offRequest = core.on('private-request', (payload) =>
    show(notificationFor('private-request', payload)),
  );
  return () => {
    offMessage();
    offRequest();
  };
}
