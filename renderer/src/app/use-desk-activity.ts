import { useEffect } from 'react';

/**
 * Ctrl+L (Cmd+L on a Mac) locks the desk from anywhere, even while typing in a box: it is caught on the
 * way down (capture), before any field or view can handle it, and the browser's own Ctrl+L is suppressed.
 */
export function useLockShortcut(lock: () => void): void {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.isComposing || !(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey || e.key.toLowerCase() !== 'l') return;
      e.preventDefault();
      e.stopPropagation();
      if (!e.repeat) lock();
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [lock]);
}

const ACTIVITY = ['keydown', 'pointerdown', 'mousemove', 'wheel', 'touchstart'] as const;

/** Keyboard and mouse use tells the core someone is still at the desk (the store throttles the calls). */
export function useActivityTouch(touch: () => void): void {
  useEffect(() => {
    const onActivity = () => touch();
    for (const type of ACTIVITY) window.addEventListener(type, onActivity, { capture: true, passive: true });
    return () => {
      for (const type of ACTIVITY) window.removeEventListener(type, onActivity, { capture: true });
    };
  }, [touch]);
}
