import { describe, expect, it } from 'vitest';
import {
  TIME_OPTIONS,
  countChars,
  formatCountdown,
  formatDay,
  formatDuration,
  shareAddress,
} from './format.js';

describe('format', () => {
  it('counts characters as code points, like the protocol', () => {
    expect(countChars('abc')).toBe(3);
    expect(countChars('😀😀')).toBe(2);
    expect('😀😀'.length).toBe(4);
  });

  it('writes countdowns as m:ss, rounding up, never below zero', () => {
    expect(formatCountdown(52_000)).toBe('0:52');
    expect(formatCountdown(51_001)).toBe('0:52');
    expect(formatCountdown(245_000)).toBe('4:05');
    expect(formatCountdown(3_720_000)).toBe('1:02:00');
    expect(formatCountdown(-5)).toBe('0:00');
  });

  it('writes durations in the largest whole unit', () => {
    expect(formatDuration(60)).toBe('1 minute');
    expect(formatDuration(300)).toBe('5 minutes');
    expect(formatDuration(3600)).toBe('1 hour');
    expect(formatDuration(45)).toBe('45 seconds');
    expect(formatDuration(90)).toBe('90 seconds');
  });

  it("writes times in the locale's own clock, with a leading zero only where it has one", () => {
    const early = new Date(2026, 10, 20, 4, 9).getTime();
    expect(new Intl.DateTimeFormat('en-US', TIME_OPTIONS).format(early)).toMatch(/^4:09\sAM$/);
    expect(new Intl.DateTimeFormat('en-GB', TIME_OPTIONS).format(early)).toBe('04:09');
  });

  it('names today and yesterday', () => {
    const now = new Date(2026, 10, 20, 12).getTime();
    expect(formatDay(now - 3_600_000, now)).toBe('Today');
    expect(formatDay(now - 86_400_000, now)).toBe('Yesterday');
    expect(formatDay(now - 5 * 86_400_000, now)).not.toMatch(/Today|Yesterday/);
  });

  it('gives the address to share with its port', () => {
    expect(shareAddress({ host: '0.0.0.0', port: 5000, shareAddresses: ['192.168.1.20'] })).toBe(
      '192.168.1.20:5000',
    );
    expect(shareAddress({ host: '127.0.0.1', port: 5000, shareAddresses: [] })).toBe('127.0.0.1:5000');
    expect(shareAddress({ host: '::1', port: 5000, shareAddresses: ['fe80::1'] })).toBe('[fe80::1]:5000');
    expect(shareAddress({ host: 'x', port: 5000, shareAddresses: ['10.0.0.2:5000'] })).toBe('10.0.0.2:5000');
  });
});
