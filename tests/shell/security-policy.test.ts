import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  CONTENT_SECURITY_POLICY,
  appOrigins,
  devContentSecurityPolicy,
  externalLinkTarget,
  isAppUrl,
  isPermissionAllowed,
} from '../../src-main/shell/security-policy.js';

const origins = appOrigins(undefined);

describe('isAppUrl', () => {
  it("accepts the app's own pages", () => {
    expect(isAppUrl(APP_ENTRY_URL, origins)).toBe(true);
    expect(isAppUrl(`${APP_ORIGIN}/assets/index.js`, origins)).toBe(true);
  });

  it('refuses other hosts, schemes, look-alikes and garbage', () => {
    for (const url of [
      'app://parley.evil.com/index.html',
      'app://evil/index.html',
      'https://parley/index.html',
      'file:///work/out/renderer/index.html',
      'http://localhost:5173/',
      'about:blank',
      'not a url',
      '',
    ]) {
      expect(isAppUrl(url, origins), url).toBe(false);
    }
  });

  it('accepts the dev server only when one is configured, by exact origin', () => {
    const dev = appOrigins('http://localhost:5173/');
    expect(isAppUrl('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5174/index.html', dev)).toBe(false);
    expect(isAppUrl('http://localhost:5173/index.html', origins)).toBe(false);
  });
});

describe('externalLinkTarget', () => {
  it('lets http and https links go to the system browser', () => {
    expect(externalLinkTarget('https://example.com/a?b=c')).toBe('https://example.com/a?b=c');
    expect(externalLinkTarget('http://example.com')).toBe('http://example.com/');
  });

  it('keeps every other scheme and credentialled links in', () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'ms-msdt:/id',
      'data:text/html,<b>x</b>',
      'app://parley/index.html',
      'https://user:pw@example.com/',
      'not a url',
    ]) {
      expect(externalLinkTarget(url), url).toBeUndefined();
    }
  });
});

describe('permissions', () => {
  it('grants notifications to the app page only and nothing else to anyone', () => {
    expect(isPermissionAllowed('notifications', APP_ENTRY_URL, origins)).toBe(true);
    expect(isPermissionAllowed('notifications', 'https://example.com/', origins)).toBe(false);
    for (const permission of ['media', 'geolocation', 'openExternal', 'clipboard-read', 'fullscreen']) {
      expect(isPermissionAllowed(permission, APP_ENTRY_URL, origins), permission).toBe(false);
    }
  });
});

describe('Content-Security-Policy', () => {
  it('allows only same-origin scripts and no inline code, plugins, base or framing', () => {
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split(';').map((part) => {
        const [name, ...values] = part.trim().split(/\s+/);
        return [name!, values];
      }),
    );
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe');
  });

  it("adds only the dev server's WebSocket, its inline preamble and injected styles in dev", () => {
    const dev = devContentSecurityPolicy('http://localhost:5173');
    expect(dev).toContain("connect-src 'self' ws://localhost:5173");
    expect(dev).toContain("script-src 'self' 'unsafe-inline'");
    expect(dev).toContain("style-src 'self' 'unsafe-inline'");
    expect(dev).toContain("object-src 'none'");
  });
});
