/** The unread total on the dock / taskbar badge where the platform has one (macOS, Unity-like Linux). */
import { app } from 'electron';
import type { AppCore } from '../app/app-core.js';

export function startBadge(core: AppCore): () => void {
  return core.on('unread', ({ total }) => {
    // Returns false where there is no badge; nothing else to do there.
    app.setBadgeCount(Math.max(0, total));
  });
}
