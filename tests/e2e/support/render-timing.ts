/**
 * In-page measurements for benchmark scenario 8 (never assertions): the time from a click to the
 * frame that shows a conversation's newest message, rAF frame deltas while scrolling a log from
 * top to bottom, and the renderer's JS heap through CDP. Functions passed to `page.evaluate` run in
 * the page, so they only use the page's globals (typed locally: the node tsconfig has no DOM).
 */
import type { Locator, Page } from '@playwright/test';

interface El {
  readonly textContent: string | null;
  scrollTop: number;
  readonly scrollHeight: number;
  readonly clientHeight: number;
  readonly parentElement: El | null;
  querySelectorAll(selector: string): ArrayLike<El>;
}
interface PageScope {
  document: El & {
    addEventListener(type: string, listener: () => void, options: { capture: boolean; once: boolean }): void;
    readonly body: El;
  };
  performance: { now(): number };
  requestAnimationFrame(callback: (time: number) => void): number;
  MutationObserver: new (callback: () => void) => {
    observe(target: El, options: Record<string, boolean>): void;
    disconnect(): void;
  };
  MessageChannel: new () => {
    port1: { onmessage: (() => void) | null };
    port2: { postMessage(value: null): void };
  };
  getComputedStyle(el: El): { overflowY: string };
  __parleyOpen?: Promise<number>;
}

/**
 * tsx (esbuild, keepNames) wraps named functions in `__name(...)`, which the page lacks when the
 * benchmark passes them to `page.evaluate`; a string is evaluated as is.
 */
async function defineNameHelper(page: Page): Promise<void> {
  await page.evaluate('globalThis.__name ??= (fn) => fn');
}

/**
 * Clicks `target` and resolves with the ms from the click event to just after the paint of the
 * first frame in which a `log` region contains `marker` (MutationObserver, then rAF, then a
 * message posted from it: that runs once the frame is painted).
 */
export async function timeClickToPaint(page: Page, target: Locator, marker: string): Promise<number> {
  await defineNameHelper(page);
  await page.evaluate((text) => {
    const w = globalThis as unknown as PageScope;
    const shown = (): boolean =>
      Array.from(w.document.querySelectorAll('[role="log"]')).some((log) => log.textContent?.includes(text));
    w.__parleyOpen = new Promise<number>((resolve) => {
      w.document.addEventListener(
        'click',
        () => {
          const t0 = w.performance.now();
          const afterPaint = (): void => {
            w.requestAnimationFrame(() => {
              const channel = new w.MessageChannel();
              channel.port1.onmessage = () => resolve(w.performance.now() - t0);
              channel.port2.postMessage(null);
            });
          };
          if (shown()) return afterPaint();
          const observer = new w.MutationObserver(() => {
            if (!shown()) return;
            observer.disconnect();
            afterPaint();
          });
          observer.observe(w.document.body, { childList: true, subtree: true, characterData: true });
        },
        { capture: true, once: true },
      );
    });
  }, marker);
  await target.click();
  return page.evaluate(
    () => (globalThis as unknown as PageScope).__parleyOpen ?? Promise.reject(new Error('no click seen')),
  );
}

export interface ScrollFrames {
  readonly frames: number;
  /** Frames longer than 1.5 × 16.7 ms: at least one refresh was missed. */
  readonly dropped: number;
  readonly worstMs: number;
  readonly scrolledPx: number;
}

/** Scrolls the log containing `marker` from its top to its bottom, one viewport per frame. */
export async function scrollFrames(page: Page, marker: string): Promise<ScrollFrames> {
  await defineNameHelper(page);
  return page.evaluate(async (text) => {
    const w = globalThis as unknown as PageScope;
    const log = Array.from(w.document.querySelectorAll('[role="log"]')).find((l) =>
      l.textContent?.includes(text),
    );
    if (log === undefined) throw new Error(`no log shows ${text}`);
    const scrollable = (el: El): boolean =>
      el.scrollHeight > el.clientHeight + 1 && /(auto|scroll)/.test(w.getComputedStyle(el).overflowY);
    let scroller: El | undefined = Array.from(log.querySelectorAll('*')).find(scrollable);
    for (let el: El | null = log; scroller === undefined && el !== null; el = el.parentElement) {
      if (scrollable(el)) scroller = el;
    }
    if (scroller === undefined) throw new Error('the log has no scrolling element');
    const s = scroller;
    const frame = (): Promise<number> => new Promise((resolve) => w.requestAnimationFrame(resolve));
    s.scrollTop = 0;
    // Let the top settle (a virtual list measures what it just rendered).
    for (let i = 0; i < 5; i++) await frame();
    const deltas: number[] = [];
    let last = await frame();
    let scrolled = 0;
    for (let i = 0; i < 20_000 && s.scrollTop + s.clientHeight < s.scrollHeight - 1; i++) {
      const before = s.scrollTop;
      s.scrollTop = before + s.clientHeight;
      scrolled += s.scrollTop - before;
      const now = await frame();
      deltas.push(now - last);
      last = now;
    }
    return {
      frames: deltas.length,
      dropped: deltas.filter((d) => d > 1.5 * (1000 / 60)).length,
      worstMs: Math.max(0, ...deltas),
      scrolledPx: scrolled,
    };
  }, marker);
}

/** The renderer's JS heap after a full GC, in bytes (CDP: what DevTools' memory panel reads). */
export async function jsHeapUsed(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return usedSize;
  } finally {
    await cdp.detach();
  }
}
