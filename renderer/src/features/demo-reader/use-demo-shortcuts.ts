import { useEffect } from 'react';
import { useDemoStore, type DemoCard } from '../../stores/demo.store';

/**
 * Alt+Shift+1…9 presents the nth demo card, Alt+Shift+0 takes the card off, from anywhere (even a
 * passcode box). Read by physical key (`code`): with Shift held, `key` is "!" and the like.
 */
export function useDemoShortcuts(cards: DemoCard[] | null): void {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (!e.altKey || !e.shiftKey || e.ctrlKey || e.metaKey || e.isComposing) return;
      const digit = /^Digit(\d)$/.exec(e.code)?.[1];
      if (digit === undefined) return;
      const { present, withdraw } = useDemoStore.getState();
      if (digit === '0') {
        e.preventDefault();
        if (!e.repeat) void withdraw();
        return;
      }
      const card = cards?.[Number(digit) - 1];
      if (!card) return;
      e.preventDefault();
      if (!e.repeat) void present(card);
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [cards]);
}
