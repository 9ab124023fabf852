import { useEffect, type KeyboardEvent, type RefObject } from 'react';

/**
 * The keyboard rules every modal dialog of the desk follows: the first control in `order` has focus on opening and
 * focus goes back where it was on closing; Esc closes; Tab and Shift+Tab cycle through `order` only, so focus never
 * leaves the dialog. Returns the dialog's keydown handler.
 */
export function useModalKeys(order: readonly RefObject<HTMLElement | null>[], onClose: () => void): (e: KeyboardEvent<HTMLElement>) => void {
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    order[0]?.current?.focus();
    return () => before?.focus();
    // Once, on opening: the refs are stable for the dialog's life.
  }, []);

  return (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose();
    } else if (e.key === 'Tab') {
      e.preventDefault();
      const at = order.findIndex((r) => r.current === document.activeElement);
      const next = (at + (e.shiftKey ? -1 : 1) + order.length) % order.length;
      order[next]?.current?.focus();
    }
  };
}
