/**
 * The notifications switch. In the desktop app main shows them; in browser mode this page does,
 * so turning it on asks the browser's permission right at the click, and the box is only ticked
 * when notifications will really show.
 */
import { useState } from 'react';
import { isBrowserMode } from '../api.js';
import { askNotificationPermission, notificationPermission } from '../browser-notifications.js';
import { useSettingsStore } from '../stores/settings-store.js';

const LABEL = 'Show a notification when a message arrives while Parley is in the background';

export function NotificationsSetting() {
  const enabled = useSettingsStore((s) => s.settings?.notifications ?? false);
  const update = useSettingsStore((s) => s.update);
  const [permission, setPermission] = useState(notificationPermission);

  if (!isBrowserMode) {
    return (
      <label className="check">
        <input
          type="checkbox"
          checked={enabled}
          onChange={(e) => void update({ notifications: e.target.checked })}
        />
        {LABEL}
      </label>
    );
  }
  if (permission === 'unsupported') {
    return <p className="hint">This browser can’t show notifications for this page.</p>;
  }
  const turnOn = async () => {
    const answer = await askNotificationPermission();
    setPermission(answer);
    if (answer === 'granted') await update({ notifications: true });
  };
  return (
    <>
      <label className="check">
        <input
          type="checkbox"
          checked={enabled && permission === 'granted'}
          onChange={(e) => void (e.target.checked ? turnOn() : update({ notifications: false }))}
        />
        {LABEL}
      </label>
      {permission === 'denied' && (
        <p className="hint bad" role="status">
          Your browser blocks notifications from this page. Allow them in the browser’s site settings for this
          address, then turn this on again.
        </p>
      )}
    </>
  );
}
