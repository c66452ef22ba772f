/** What `npm start`, `npm run dev` and `npm run dist` say when the desktop app can't be made here. */

export type LaunchMode = 'start' | 'dev' | 'dist';

export function cannotLaunchMessage(mode: LaunchMode, reason: string): string {
  if (mode === 'dist') {
    return [
      `npm run dist can't package Parley here: ${reason}.`,
      'Packaging needs the Electron binary and Electron headers (a connection to github.com and',
      'electronjs.org on the first run; both are cached after that). Nothing was packaged.',
    ].join('\n');
  }
  return [
    `Parley's desktop app can't start here: ${reason}.`,
    'You can still use Parley:',
    '  npm run web      the same app in your browser (prints the address to open)',
    '  npm run server   a headless chat server for others to connect to',
    'The desktop app needs to download Electron once (a connection to github.com).',
  ].join('\n');
}
