import { describe, expect, it } from 'vitest';
import {
  defaultProfileDir,
  platformProfileDir,
  ProfileArgumentError,
  resolveProfileDir,
} from '../../src-main/app/profile-dir.js';

const base = { env: {}, cwd: '/home/alice', defaultDir: '/home/alice/.config/Parley' };

describe('resolveProfileDir', () => {
  it('uses the default when nothing is chosen', () => {
    expect(resolveProfileDir({ ...base, argv: ['.'] })).toBe(base.defaultDir);
    expect(resolveProfileDir({ ...base, argv: ['.'], env: { PARLEY_PROFILE: '  ' } })).toBe(base.defaultDir);
  });

  it('takes --profile DIR and --profile=DIR, relative to the working folder', () => {
    expect(resolveProfileDir({ ...base, argv: ['.', '--profile', 'bob'] })).toBe('/home/alice/bob');
    expect(resolveProfileDir({ ...base, argv: ['.', '--profile=/tmp/p1'] })).toBe('/tmp/p1');
  });

  it('prefers --profile over PARLEY_PROFILE, and uses the variable alone', () => {
    const env = { PARLEY_PROFILE: '/tmp/from-env' };
    expect(resolveProfileDir({ ...base, env, argv: ['--profile', '/tmp/from-arg'] })).toBe('/tmp/from-arg');
    expect(resolveProfileDir({ ...base, env, argv: [] })).toBe('/tmp/from-env');
  });

  it('refuses a --profile without a folder', () => {
    expect(() => resolveProfileDir({ ...base, argv: ['--profile'] })).toThrow(ProfileArgumentError);
    expect(() => resolveProfileDir({ ...base, argv: ['--profile', '--no-sandbox'] })).toThrow(
      /needs a folder/,
    );
    expect(() => resolveProfileDir({ ...base, argv: ['--profile='] })).toThrow(/needs a folder/);
  });
});

describe('the default profile, one for the app and browser mode', () => {
  it("is the platform's per-user folder for Parley (Electron's userData)", () => {
    expect(platformProfileDir({}, 'linux', '/home/alice')).toBe('/home/alice/.config/Parley');
    expect(platformProfileDir({ XDG_CONFIG_HOME: '/x' }, 'linux', '/home/alice')).toBe('/x/Parley');
    expect(platformProfileDir({}, 'darwin', '/Users/alice')).toBe(
      '/Users/alice/Library/Application Support/Parley',
    );
  });

  it("keeps browser mode's older default in use when only it exists", () => {
    const only = (dir: string) => (path: string) => path === dir;
    expect(defaultProfileDir({}, 'linux', '/home/alice', only('/home/alice/.parley'))).toBe(
      '/home/alice/.parley',
    );
    expect(defaultProfileDir({}, 'linux', '/home/alice', () => true)).toBe('/home/alice/.config/Parley');
    expect(defaultProfileDir({}, 'linux', '/home/alice', () => false)).toBe('/home/alice/.config/Parley');
  });
});
