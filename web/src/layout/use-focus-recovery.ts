import { useEffect } from 'react';

/** How many recently focused elements are remembered as places to return to. */
const historySize = 30;

/**
 * Marks the element focus goes to when none of the remembered ones is usable any more: the
 * Options button, whose menu opens every dialog (a long walk through the import workspace pushes
 * its opener out of the history).
 */
export const focusFallback = { 'data-focus-fallback': true } as const;

/**
 * Keeps keyboard focus from falling to the page body. A dialog gives focus back to what was
 * focused when it opened, but that is often gone by the time it closes: a menu item (the menu
 * closed as the dialog opened), a row button of a list the dialog replaced, or a button the
 * dialog's action disabled. When focus is lost that way, it goes to the most recently focused
 * element that is still on the screen and usable (for a menu item: the button that opened the
 * menu), or else to the element marked with `focusFallback`. A click on the page's background
 * leaves focus on the body as it should: the element that had focus is still there.
 */
export function useFocusRecovery(): void {
  useEffect(() => {
    const history: HTMLElement[] = [];
    let pending = -1;
    const remember = (event: FocusEvent) => {
      if (!(event.target instanceof HTMLElement)) return;
      const at = history.indexOf(event.target);
      if (at >= 0) history.splice(at, 1);
      history.push(event.target);
      if (history.length > historySize) history.shift();
    };
    const recover = () => {
      const active = document.activeElement;
      if (active && active !== document.body) return;
      const last = history.at(-1);
      if (!last || usable(last)) return;
      for (let index = history.length - 2; index >= 0; index--) {
        const candidate = history[index];
        if (candidate && usable(candidate)) {
          candidate.focus({ preventScroll: false });
          return;
        }
      }
      const fallback = document.querySelector<HTMLElement>('[data-focus-fallback]');
      if (fallback && usable(fallback)) fallback.focus({ preventScroll: false });
    };
    // After Mantine's own focus return (10 ms after a dialog closes) has had its chance.
    const schedule = () => {
      window.clearTimeout(pending);
      pending = window.setTimeout(recover, 40);
    };
    document.addEventListener('focusin', remember);
    const observer = new MutationObserver(schedule);
    observer.observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['disabled', 'data-disabled', 'hidden', 'style'],
    });
    return () => {
      window.clearTimeout(pending);
      observer.disconnect();
      document.removeEventListener('focusin', remember);
    };
  }, []);
}

/** On the page, shown, enabled and outside anything hidden from assistive technology. */
function usable(element: HTMLElement): boolean {
  if (!element.isConnected || element.getClientRects().length === 0) return false;
  if (element.matches(':disabled, [data-disabled], [aria-disabled="true"]')) return false;
  return element.closest('[aria-hidden="true"], [inert]') === null;
}
