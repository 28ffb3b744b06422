/**
 * Props for the viewport of a ScrollArea whose content has nothing to focus (a table of text):
 * a named region in the tab order, so that a keyboard user can reach it and scroll it with the
 * arrow keys (WCAG 2.1.1). Use as `viewportProps={scrollRegion('Errors')}`.
 */
export function scrollRegion(label: string) {
  return { tabIndex: 0, role: 'region', 'aria-label': label } as const;
}
