import { describe, expect, it } from 'vitest';
import { hostStatusLine, trayMenuItems } from '../../src-main/shell/tray-menu.js';

describe('trayMenuItems', () => {
  it('offers to start hosting when stopped or failed', () => {
    for (const status of [
      { state: 'stopped' as const },
      { state: 'failed' as const, failure: 'port-in-use' as const, message: 'Port 4000 is in use' },
    ]) {
      const host = trayMenuItems(status).find((item) => item.label === 'Host a server');
      expect(host).toMatchObject({ action: 'host-on', checked: false, enabled: true });
    }
  });

  it('shows the running server and offers to stop it', () => {
    const status = {
      state: 'running' as const,
      host: '127.0.0.1',
      port: 4000,
      shareAddresses: [],
      online: 3,
    };
    const items = trayMenuItems(status);
    expect(items.map((item) => item.label)).toContain('Hosting on 127.0.0.1:4000 (3 online)');
    expect(items.find((item) => item.label === 'Host a server')).toMatchObject({
      action: 'host-off',
      checked: true,
    });
    expect(items.map((item) => item.action)).toEqual(['show', undefined, 'host-off', 'quit']);
  });

  it('disables the switch while the server starts or stops', () => {
    for (const state of ['starting', 'stopping'] as const) {
      expect(trayMenuItems({ state }).find((item) => item.label === 'Host a server')?.enabled).toBe(false);
    }
    expect(hostStatusLine({ state: 'failed', failure: 'other', message: 'x' })).toBe('Hosting failed');
  });
});
