/** The shared notification text (src-shared/ui), for this process's platform. */
import type { ApiEventName, ApiEvents } from '../../src-shared/api/index.js';
import {
  notificationFor as forPlatform,
  type NotificationText,
} from '../../src-shared/ui/notification-text.js';

export {
  bodyFor,
  NOTIFICATION_BODY_MAX,
  plainText,
  type NotificationText,
} from '../../src-shared/ui/notification-text.js';

export function notificationFor<E extends ApiEventName>(
  event: E,
  payload: ApiEvents[E],
  platform: NodeJS.Platform = process.platform,
): NotificationText | undefined {
  return forPlatform(event, payload, platform);
}
