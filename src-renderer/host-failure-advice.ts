/**
 * What to do when the own server could not start, worded for where it is read: the main process
 * says what happened, and each place says what can be done from there (never "in Settings"
 * inside Settings, nor a screen that can't be reached from the first-run screen).
 */
import type { HostFailure } from '../src-shared/api/index.js';

/** `connect`: the first-run / change-server screen; `settings`: the Hosting section; `banner`: the main window's. */
export type AdvicePlace = 'connect' | 'settings' | 'banner';

const advice: Record<AdvicePlace, Record<HostFailure, string>> = {
  connect: {
    'port-in-use': 'Stop the program that uses it, or host on any free port instead.',
    'port-not-allowed': 'Host on any free port instead.',
    'data-in-use': 'Stop that server and press Connect again, or join another server.',
    'folder-not-writable': 'Make the folder writable and press Connect again, or join another server.',
    other: 'Press Connect to try again, or join another server.',
  },
  settings: {
    'port-in-use': 'Pick another port below (or 0 for any free one), then turn hosting on again.',
    'port-not-allowed': 'Pick a port above 1023 below (or 0 for any free one), then turn hosting on again.',
    'data-in-use': 'Stop that server, then turn hosting on again.',
    'folder-not-writable': 'Make the folder writable, then turn hosting on again.',
    other: 'Check the options below, then turn hosting on again.',
  },
  banner: {
    'port-in-use': 'Open Hosting options to pick another port.',
    'port-not-allowed': 'Open Hosting options to pick a port above 1023.',
    'data-in-use': 'Stop that server, then start hosting again from Hosting options.',
    'folder-not-writable': 'Make the folder writable, then start hosting again from Hosting options.',
    other: 'Open Hosting options to check them and try again.',
  },
};

export function hostFailureAdvice(failure: HostFailure, place: AdvicePlace): string {
  return advice[place][failure];
}

/** Whether hosting on any free port would get round the failure. */
export function anyPortHelps(failure: HostFailure): boolean {
  return failure === 'port-in-use' || failure === 'port-not-allowed';
}
