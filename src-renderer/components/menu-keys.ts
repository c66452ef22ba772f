import { useEffect, useRef, type KeyboardEvent, type RefObject } from 'react';

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

/**
 * While a menu is open: its first item has focus (again whenever `open` changes, e.g. to another
 * set of items), and a press outside it and its button closes it.
 */
export function useMenuFocus(
  open: boolean | string | undefined,
  menuRef: RefObject<HTMLElement | null>,
  buttonRef: RefObject<HTMLElement | null>,
  close: () => void,
): void {
  const closeRef = useRef(close);
  closeRef.current = close;
  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    function onPointer(event: PointerEvent) {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) closeRef.current();
    }
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open, menuRef, buttonRef]);
}
