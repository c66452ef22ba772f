/**
 * The few browser globals that code passed to `page.evaluate` uses. The node tsconfig has no DOM
 * library (on purpose: src-main must not see `window`), so they are declared here, narrowly.
 */
export interface PageGlobals {
  requestAnimationFrame(callback: (time: number) => void): number;
  performance: { now(): number };
  document: { body: unknown; getAnimations(): { finished: Promise<unknown> }[] };
  getComputedStyle(element: unknown): { backgroundColor: string };
}
