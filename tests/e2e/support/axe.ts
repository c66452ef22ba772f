/** axe-core over the current page, in light and dark: no serious or critical violation allowed. */
import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import type { PageGlobals } from './page-globals.js';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** The page's background colour, which differs between the themes. */
function background(page: Page): Promise<string> {
  return page.evaluate(() => {
    const w = globalThis as unknown as PageGlobals;
    return w.getComputedStyle(w.document.body).backgroundColor;
  });
}

/** Checks `screen` in both colour schemes (the app follows the system's), softly, so every screen reports. */
export async function expectNoSeriousViolations(page: Page, screen: string): Promise<void> {
  let light: string | undefined;
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    if (light === undefined) light = await background(page);
    // axe must measure the dark theme's contrast, not the light one's a second time.
    else await expect.poll(() => background(page), `${screen}: the dark theme applies`).not.toBe(light);
    await page.evaluate(
      () =>
        new Promise((resolve) =>
          (globalThis as unknown as PageGlobals).requestAnimationFrame(() => resolve(null)),
        ),
    );
    // Colours fade (e.g. the active conversation's background): measure them once they have landed.
    await page.evaluate(() =>
      Promise.all(
        (globalThis as unknown as PageGlobals).document.getAnimations().map((a) => a.finished.catch(() => a)),
      ),
    );
    const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    const serious = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) => `${v.impact ?? '?'} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
      );
    expect.soft(serious, `axe on ${screen}, ${colorScheme} theme`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}
