/**
 * The sidebar's width: a vertical separator on its right edge, dragged with the pointer or moved
 * with the arrow keys (Home / End for the limits), remembered in localStorage.
 */
import { useCallback, useRef, useState, type CSSProperties } from 'react';

export const SIDEBAR_MIN = 220;
export const SIDEBAR_MAX = 440;
export const SIDEBAR_DEFAULT = 280;
const STEP = 16;
const STORAGE_KEY = 'parley.sidebar-width';

function clamp(width: number): number {
  return Math.round(Math.min(SIDEBAR_MAX, Math.max(SIDEBAR_MIN, width)));
}

function readStored(): number {
  try {
    const stored = Number(localStorage.getItem(STORAGE_KEY));
    return Number.isFinite(stored) && stored > 0 ? clamp(stored) : SIDEBAR_DEFAULT;
  } catch {
    return SIDEBAR_DEFAULT;
  }
}

/** The width and a setter that clamps and remembers it; `style` puts it on the sidebar. */
export function useSidebarWidth() {
  const [width, setWidthState] = useState(readStored);
  const setWidth = useCallback((next: number) => {
    const value = clamp(next);
    setWidthState(value);
    try {
      localStorage.setItem(STORAGE_KEY, String(value));
    } catch {
      // Storage can be off (private windows); the width then lasts for this run only.
    }
  }, []);
  const style = { '--sidebar-width': `${width}px` } as CSSProperties;
  return { width, setWidth, style };
}

interface Props {
  width: number;
  setWidth: (width: number) => void;
  controls: string;
}

export function SidebarResizer({ width, setWidth, controls }: Props) {
  const drag = useRef<{ x: number; width: number } | undefined>(undefined);
  const keys: Record<string, (w: number) => number> = {
    ArrowLeft: (w) => w - STEP,
    ArrowRight: (w) => w + STEP,
    Home: () => SIDEBAR_MIN,
    End: () => SIDEBAR_MAX,
  };
  return (
    <div
      className="sidebar-resizer"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize sidebar"
      aria-controls={controls}
      aria-valuenow={width}
      aria-valuemin={SIDEBAR_MIN}
      aria-valuemax={SIDEBAR_MAX}
      tabIndex={0}
      title="Drag or use the arrow keys to resize; double-click to reset"
      onKeyDown={(e) => {
        const move = keys[e.key];
        if (!move) return;
        e.preventDefault();
        setWidth(move(width));
      }}
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        e.preventDefault();
        e.currentTarget.setPointerCapture(e.pointerId);
        e.currentTarget.focus();
        drag.current = { x: e.clientX, width };
      }}
      onPointerMove={(e) => {
        if (drag.current) setWidth(drag.current.width + e.clientX - drag.current.x);
      }}
      onPointerUp={() => (drag.current = undefined)}
      onPointerCancel={() => (drag.current = undefined)}
      onDoubleClick={() => setWidth(SIDEBAR_DEFAULT)}
    />
  );
}
