import { describe, expect, it } from 'vitest';
import { applyWindow, lastSeenWords, SEEN_LADDER, seenBounds } from './last-seen.js';

const MIN = 60_000;
const NOW = 1_800_000_000_000;

describe('seenBounds', () => {
  it('narrows when someone was last there with each window of the ladder', () => {
    // bob left 10 minutes ago, carol 2 hours ago, dave is online, erin left 2 days ago.
    const lastOnline: Record<string, number> = {
      bob: NOW - 10 * MIN,
      carol: NOW - 120 * MIN,
      erin: NOW - 2 * 1440 * MIN,
    };
    const online = new Set(['dave']);
    const answers = SEEN_LADDER.map((seconds) => ({
      seconds,
      users: ['dave', ...Object.keys(lastOnline).filter((u) => (lastOnline[u] ?? 0) >= NOW - seconds * 1000)],
      at: NOW,
    }));
    expect(seenBounds(answers, online)).toEqual(seenBounds([...answers].reverse(), online));
    expect(seenBounds(answers, online)).toEqual({
      bob: { earliest: NOW - 15 * MIN, latest: NOW - 5 * MIN },
      carol: { earliest: NOW - 180 * MIN, latest: NOW - 60 * MIN },
      erin: { earliest: NOW - 7 * 1440 * MIN, latest: NOW - 1440 * MIN },
    });
  });

  it('forgets whoever is online now, and never makes an empty range', () => {
    const bounds = { bob: { earliest: NOW - 5 * MIN, latest: NOW } };
    expect(applyWindow(bounds, { seconds: 60, users: [], at: NOW }, new Set(['bob']))).toEqual({});
    expect(applyWindow(bounds, { seconds: 600, users: [], at: NOW }, new Set())).toEqual({
      bob: { earliest: NOW - 10 * MIN, latest: NOW - 10 * MIN },
    });
  });
});

describe('lastSeenWords', () => {
  it.each([
    ['seen going offline 12 minutes ago', NOW - 12 * MIN, NOW - 12 * MIN, 'last seen 12 min ago'],
    ['seconds ago', NOW - 20_000, NOW - 20_000, 'last seen just now'],
    ['within the first window', NOW - 5 * MIN, NOW, 'last seen less than 5 min ago'],
    ['between two windows', NOW - 15 * MIN, NOW - 5 * MIN, 'last seen 5–15 min ago'],
    ['across units', NOW - 60 * MIN, NOW - 15 * MIN, 'last seen 15 min – 1 hour ago'],
    ['hours', NOW - 180 * MIN, NOW - 60 * MIN, 'last seen 1–3 hours ago'],
    ['days', NOW - 7 * 1440 * MIN, NOW - 1440 * MIN, 'last seen 1–7 days ago'],
    ['exactly two days', NOW - 2 * 1440 * MIN, NOW - 2 * 1440 * MIN, 'last seen 2 days ago'],
  ])('%s', (_, earliest, latest, words) => {
    expect(lastSeenWords({ earliest, latest }, NOW)).toBe(words);
  });
});
