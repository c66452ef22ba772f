/** The tray icon: show the window, switch hosting on and off (its label follows the status), quit. */
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { HostStatus } from '../../src-shared/api/index.js';
import { trayMenuItems, type TrayAction, type TrayItem } from './tray-menu.js';

export interface TrayHandle {
  update(status: HostStatus): void;
  destroy(): void;
}

export function createTray(
  iconPath: string,
  status: HostStatus,
  onAction: (action: TrayAction) => void,
): TrayHandle | undefined {
  const image = nativeImage.createFromPath(iconPath).resize({ width: 22, height: 22 });
  if (image.isEmpty()) return undefined;
  const tray = new Tray(image);
  tray.setToolTip('Parley');
  const update = (next: HostStatus): void => {
    tray.setContextMenu(
      Menu.buildFromTemplate(trayMenuItems(next).flatMap((item) => toTemplate(item, onAction))),
    );
  };
  update(status);
  return { update, destroy: () => tray.destroy() };
}

function toTemplate(item: TrayItem, onAction: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  const { action } = item;
  const entry: MenuItemConstructorOptions = {
    label: item.label,
    enabled: item.enabled,
    ...(item.checked === undefined ? {} : { type: 'checkbox', checked: item.checked }),
    ...(action === undefined ? {} : { click: () => onAction(action) }),
  };
  return item.separatorBefore === true ? [{ type: 'separator' }, entry] : [entry];
}
