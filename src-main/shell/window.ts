/**
 * The app's one window: sandboxed, isolated, no Node, strict CSP, no navigation away from the
 * app, no new windows (http(s) links go to the system browser), no permissions but notifications.
 */
import { BrowserWindow, shell, type Session } from 'electron';
import {
  APP_ENTRY_URL,
  devContentSecurityPolicy,
  externalLinkTarget,
  isAppUrl,
  isPermissionAllowed,
} from './security-policy.js';

export interface WindowOptions {
  readonly preloadPath: string;
  readonly origins: readonly string[];
  /** The electron-vite dev server (`npm run dev`); absent in a built app. */
  readonly devServerUrl: string | undefined;
  readonly iconPath: string | undefined;
  readonly log: (line: string) => void;
}

/** Session-wide rules; call once per session before a window loads. */
export function secureSession(session: Session, options: WindowOptions): void {
  session.setPermissionRequestHandler((webContents, permission, callback) => {
    callback(isPermissionAllowed(permission, webContents.getURL(), options.origins));
  });
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin, options.origins),
  );
  const dev = options.devServerUrl;
  if (dev !== undefined) {
    // The dev server's pages come over http; give them the policy as a header as well.
    const origin = new URL(dev).origin;
    session.webRequest.onHeadersReceived({ urls: [`${origin}/*`] }, (details, callback) => {
      callback({
        responseHeaders: {
          ...details.responseHeaders,
          'Content-Security-Policy': [devContentSecurityPolicy(origin)],
        },
      });
    });
  }
}

export function createMainWindow(options: WindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1100,
    height: 720,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'Parley',
    ...(options.iconPath === undefined ? {} : { icon: options.iconPath }),
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // A middle click must not open a link in a new window behind the window-open handler's back.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: true,
    },
  });
  const { webContents } = window;

  window.once('ready-to-show', () => window.show());

  webContents.setWindowOpenHandler(({ url }) => {
    const target = externalLinkTarget(url);
    if (target !== undefined) {
      const opened = shell.openExternal(target);
      opened.catch((error: unknown) => options.log(`could not open ${target}: ${String(error)}`));
    } else {
      options.log(`refused to open a window for ${url}`);
    }
    return { action: 'deny' };
  });
  const refuseNavigation = (event: { preventDefault: () => void }, url: string): void => {
    if (isAppUrl(url, options.origins) && sameDocument(url, webContents.getURL())) return;
    event.preventDefault();
    options.log(`refused navigation to ${url}`);
  };
  webContents.on('will-navigate', (event) => refuseNavigation(event, event.url));
  webContents.on('will-redirect', (event) => refuseNavigation(event, event.url));
  webContents.on('will-attach-webview', (event) => event.preventDefault());

  const entry = options.devServerUrl ?? APP_ENTRY_URL;
  window.loadURL(entry).catch((error: unknown) => options.log(`could not load ${entry}: ${String(error)}`));
  return window;
}

/** A reload of the app's own page is fine; anything else is a navigation away. */
function sameDocument(url: string, current: string): boolean {
  try {
    const a = new URL(url);
    const b = new URL(current);
    return a.protocol === b.protocol && a.host === b.host && a.pathname === b.pathname;
  } catch {
    return false;
  }
}
