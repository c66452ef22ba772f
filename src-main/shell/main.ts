/**
 * The Electron main process: picks the profile, holds its single-instance lock, starts the app
 * core and wires it to the window (IPC), notifications, the badge and the tray. Quitting closes
 * the core first, so a hosted server says `[bye] shutdown` to everyone.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BrowserWindow, app, dialog, safeStorage, session } from 'electron';
import { createAppCore, type AppCore } from '../app/app-core.js';
import { electronFileActions } from './file-actions.js';
import { callCommand } from '../app/call-command.js';
import { discoveryOption } from '../discovery/mdns-options.js';
import type { HostStatus } from '../../src-shared/api/index.js';
import { registerAppScheme, serveRenderer } from './app-protocol.js';
import { startBadge } from './badge.js';
import { forwardEvents, mountCommands } from './ipc.js';
import { startNotifications } from './notifications.js';
import { defaultProfileDir, ProfileArgumentError, resolveProfileDir } from '../app/profile-dir.js';
import { safeStorageBox } from './safe-storage-box.js';
import { safeStorageKeyStore } from './safe-storage-key-store.js';
import { appOrigins } from './security-policy.js';
import { shellPaths } from './shell-paths.js';
import { createTray, type TrayHandle } from './tray.js';
import { createMainWindow, secureSession } from './window.js';

const log = (line: string): void => console.log(`[parley] ${line}`);

registerAppScheme();

/** The profile folder, created if needed; undefined (after saying why) when it can't be used. */
function chooseProfile(): string | undefined {
  try {
    const dir = resolveProfileDir({
      argv: process.argv.slice(1),
      env: process.env,
      cwd: process.cwd(),
      defaultDir: defaultProfileDir(),
    });
    mkdirSync(dir, { recursive: true });
    return dir;
  } catch (error) {
    console.error(
      error instanceof ProfileArgumentError
        ? error.message
        : `Parley can't use that profile: ${String(error)}`,
    );
    return undefined;
  }
}

const profileDir = chooseProfile();
if (profileDir === undefined) {
  app.exit(2);
} else {
  // The single-instance lock belongs to userData: one lock per profile, so two profiles run side by side.
  app.setPath('userData', profileDir);
  app.setPath('sessionData', join(profileDir, 'chromium'));
  if (app.requestSingleInstanceLock()) {
    run(profileDir).catch((error: unknown) => {
      log(`startup failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      dialog.showErrorBox('Parley could not start', error instanceof Error ? error.message : String(error));
      app.exit(1);
    });
  } else {
    log(`another Parley is already running with the profile ${profileDir}; showing that one`);
    app.quit();
  }
}

async function run(profileDir: string): Promise<void> {
  await app.whenReady();
  const paths = shellPaths({
    appPath: app.getAppPath(),
    resourcesPath: process.resourcesPath,
    packaged: app.isPackaged,
  });
  const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
  const origins = appOrigins(devServerUrl);
  const secretBox = safeStorageBox();
  let window: BrowserWindow | undefined;
  const core = await createAppCore({
    profileDir,
    log,
    shell: electronFileActions(() => (window === undefined || window.isDestroyed() ? undefined : window)),
    keyStore: safeStorageKeyStore(
      safeStorage,
      join(profileDir, 'static-key.enc'),
      join(profileDir, 'static-key.json'),
    ),
    ...(paths.nativeBinding === undefined ? {} : { nativeBinding: paths.nativeBinding }),
    ...(secretBox === undefined ? {} : { secretBox }),
    ...discoveryOption(),
  });

  const windowOptions = { preloadPath: paths.preload, origins, devServerUrl, iconPath: paths.icon, log };
  secureSession(session.defaultSession, windowOptions);
  serveRenderer(session.defaultSession, paths.rendererDir);

  const showWindow = (): void => {
    if (window === undefined || window.isDestroyed()) {
      window = createMainWindow(windowOptions);
      return;
    }
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };

  const snapshot = await core.handlers.snapshot({});
  let notificationsOn = snapshot.settings.notifications;
  const stops = [
    mountCommands(core, {
      origins,
      isAppWindow: (sender) =>
        window !== undefined && !window.isDestroyed() && window.webContents.id === sender.id,
      log,
    }),
    forwardEvents(core, () => (window === undefined || window.isDestroyed() ? [] : [window.webContents])),
    core.on('settings', (settings) => {
      notificationsOn = settings.notifications;
    }),
    startNotifications(core, {
      enabled: () => notificationsOn,
      windowFocused: () => window !== undefined && !window.isDestroyed() && window.isFocused(),
      showWindow,
      iconPath: paths.icon,
    }),
    startBadge(core),
  ];

  const tray = startTray(core, paths.icon, snapshot.host, showWindow);
  app.on('second-instance', showWindow);
  app.on('activate', showWindow);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  let closing: Promise<void> | undefined;
  app.on('before-quit', (event) => {
    if (closing === undefined) {
      event.preventDefault();
      closing = shutDown(core, stops, tray).finally(() => app.quit());
    }
  });

  showWindow();
}

function startTray(
  core: AppCore,
  iconPath: string,
  status: HostStatus,
  showWindow: () => void,
): TrayHandle | undefined {
  let tray: TrayHandle | undefined;
  try {
    tray = createTray(iconPath, status, (action) => {
      if (action === 'show') showWindow();
      else if (action === 'quit') app.quit();
      else {
        void callCommand(core.handlers, 'setHosting', { enabled: action === 'host-on' }).then((result) => {
          if (!result.ok) log(`tray: hosting switch refused: ${result.error.message}`);
        });
      }
    });
  } catch (error) {
    // Some Linux desktops have no tray; the app works without it.
    log(`no tray: ${String(error)}`);
    return undefined;
  }
  if (tray !== undefined) {
    const handle = tray;
    core.on('host-status', (next) => handle.update(next));
  }
  return tray;
}

async function shutDown(
  core: AppCore,
  stops: readonly (() => void)[],
  tray: TrayHandle | undefined,
): Promise<void> {
  try {
    await core.close();
  } catch (error) {
    log(`closing the core failed: ${String(error)}`);
  }
  for (const stop of stops) stop();
  tray?.destroy();
}
