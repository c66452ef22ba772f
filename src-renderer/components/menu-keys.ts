import type { KeyboardEvent } from 'react';

/**
 * The keys of a menu (WAI-ARIA menu pattern): arrows move between its items (←/→ too in a
 * horizontal one), Home/End go to the ends, Esc closes it and gives focus back to its button,
 * Tab closes it and lets focus go on.
 */
export function onMenuKeys(
  event: KeyboardEvent<HTMLElement>,
  menu: HTMLElement | null,
  close: (focusButton: boolean) => void,
  horizontal = false,
): void {
  const nodes = [...(menu?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
  const index = nodes.indexOf(document.activeElement as HTMLElement);
  const move = (to: number) => nodes[(to + nodes.length) % nodes.length]?.focus();
  if (event.key === 'ArrowDown' || (horizontal && event.key === 'ArrowRight')) move(index + 1);
  else if (event.key === 'ArrowUp' || (horizontal && event.key === 'ArrowLeft')) move(index - 1);
  else if (event.key === 'Home') move(0);
  else if (event.key === 'End') move(nodes.length - 1);
  else if (event.key === 'Escape') close(true);
  else if (event.key === 'Tab') close(false);
  else return;
  if (event.key !== 'Tab') event.preventDefault();
  // Esc closes the menu, not a dialog around it.
  event.stopPropagation();
}
