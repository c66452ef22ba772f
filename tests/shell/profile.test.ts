import { describe, expect, it } from 'vitest';
import { ProfileArgumentError, resolveProfileDir } from '../../src-main/shell/profile.js';

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
