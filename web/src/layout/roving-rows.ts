import type { KeyboardEvent } from 'react';

/**
 * Arrow keys between the rows of a list whose rows hold one place in the tab order between them
 * (a roving tabindex): ArrowUp/ArrowDown move to the previous/next row, Home/End to the first/last.
 * Rows carry `data-roving-row`; the one focused becomes the list's tab stop (the caller keeps
 * which, from the row's onFocus). Keys pressed on a control inside the row are the control's.
 */
export function moveBetweenRows(event: KeyboardEvent<HTMLElement>): void {
  if (event.target !== event.currentTarget) return;
  const rows = Array.from(
    event.currentTarget.parentElement?.querySelectorAll<HTMLElement>(':scope > [data-roving-row]') ?? [],
  );
  const at = rows.indexOf(event.currentTarget);
  const to =
    event.key === 'ArrowDown'
      ? rows[at + 1]
      : event.key === 'ArrowUp'
        ? rows[at - 1]
        : event.key === 'Home'
          ? rows[0]
          : event.key === 'End'
            ? rows.at(-1)
            : undefined;
  if (!to) return;
  event.preventDefault();
  to.focus();
}
