import {
  type CSSVariablesResolver,
  createTheme,
  DEFAULT_THEME,
  type MantineColorsTuple,
  Menu,
  Modal,
  Notification,
} from '@mantine/core';

/**
 * Mantine's palette with shades 8 and 9 darkened where the default ones fail WCAG AA: filled
 * buttons and badges use shade 8 under white text (primaryShade below), light badges and alerts
 * use shade 9 on shade 1. Each pair here reaches at least 4.5:1 (the browser tests run axe-core).
 */
const darkened = (color: keyof typeof DEFAULT_THEME.colors, shade8: string, shade9: string) =>
  [...(DEFAULT_THEME.colors[color] ?? []).slice(0, 8), shade8, shade9] as unknown as MantineColorsTuple;

export const theme = createTheme({
  respectReducedMotion: true,
  primaryShade: { light: 8, dark: 8 },
  colors: {
    red: darkened('red', '#c92a2a', '#a61e1e'),
    green: darkened('green', '#237032', '#1b5e2a'),
    teal: darkened('teal', '#087052', '#065c43'),
    yellow: darkened('yellow', '#a35c00', '#8f4a00'),
    orange: darkened('orange', '#b33c00', '#9a3300'),
  },
  components: {
    // Mantine's close buttons are an icon alone: without a name a screen reader says "button".
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } } }),
    Notification: Notification.extend({
      defaultProps: { closeButtonProps: { 'aria-label': 'Close notification' } },
      styles: { description: { color: 'var(--mantine-color-gray-7)' } },
    }),
    // Items in the tab order, so Tab alone walks a menu; no focus placeholder, whose tabindex
    // without a role breaks the menu's required children (ARIA).
    Menu: Menu.extend({ defaultProps: { withInitialFocusPlaceholder: false, menuItemTabIndex: 0 } }),
  },
});

/**
 * Help text and placeholders in grey 7 (8:1 on white) instead of grey 6 (3.3:1) and 5 (2.1:1);
 * field errors in red 8 (5.4:1) instead of red 6 (3.3:1).
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-8)',
  },
  dark: {},
});
