import { Paper, Text } from '@mantine/core';
import { useNotifications } from '@mantine/notifications';
import { plural } from './plural';

/** How many alarms are on the screen at once; the others wait their turn. */
export const alarmsShown = 3;

/** Alarms sit under dialogs (Mantine's modals are at 200): an alarm never covers a dialog's controls. */
export const alarmsZIndex = 190;

/** "+2 more alarms" beside the alarms on the screen while others wait for one of them to leave. */
export function AlarmOverflow() {
  const { queue } = useNotifications();
  if (queue.length === 0) return null;
  return (
    <Paper
      withBorder
      shadow="xs"
      px="sm"
      py={2}
      role="status"
      // Left of the alarms' column (440 px wide, 16 px from the edge), on its bottom line.
      style={{
        position: 'fixed',
        right: 'min(472px, calc(100vw - 180px))',
        bottom: 16,
        zIndex: alarmsZIndex,
      }}
    >
      <Text size="sm">+{plural(queue.length, 'more alarm', 'more alarms')}</Text>
    </Paper>
  );
}
