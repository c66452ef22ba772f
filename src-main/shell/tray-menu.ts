/** The tray menu as plain data (Electron-free), so the hosting switch's wording is tested. */
import type { HostStatus } from '../../src-shared/api/index.js';

export type TrayAction = 'show' | 'host-on' | 'host-off' | 'quit';

export interface TrayItem {
  readonly label: string;
  readonly action?: TrayAction;
  readonly enabled: boolean;
  readonly checked?: boolean;
  readonly separatorBefore?: boolean;
}

export function hostStatusLine(status: HostStatus): string {
  switch (status.state) {
    case 'stopped':
      return 'Not hosting';
    case 'starting':
      return 'Starting the server…';
    case 'running':
      return `Hosting on ${status.host}:${status.port} (${status.online} online)`;
    case 'stopping':
      return 'Stopping the server…';
    case 'failed':
      return 'Hosting failed';
  }
}

export function trayMenuItems(status: HostStatus): TrayItem[] {
  const hosting = status.state === 'running' || status.state === 'starting';
  const busy = status.state === 'starting' || status.state === 'stopping';
  return [
    { label: 'Show Parley', action: 'show', enabled: true },
    { label: hostStatusLine(status), enabled: false, separatorBefore: true },
    {
      label: 'Host a server',
      action: hosting ? 'host-off' : 'host-on',
      enabled: !busy,
      checked: hosting,
    },
    { label: 'Quit Parley', action: 'quit', enabled: true, separatorBefore: true },
  ];
}
