import { Button, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Notification } from '../api/client';
import { useDialogs } from './dialogs';

/**
 * The body of a notification alarm: the text users of NexJ know, and View. View opens the
 * import itself (its workspace) for a success, and its error log for an error.
 */
export function ImportAlarm({ alarm }: { alarm: Omit<Notification, 'read'> }) {
  const dialogs = useDialogs();
  const success = alarm.kind === 'success';
  return (
    <Stack gap={6} align="flex-start">
      <Text size="sm" c="var(--mantine-color-text)">
        {alarm.text}
      </Text>
      <Button
        size="compact-sm"
        variant="light"
        aria-label={success ? `View the import: ${alarm.text}` : `View the error log: ${alarm.text}`}
        onClick={() => {
          if (success) dialogs.openWorkspace(alarm.jobId);
          else dialogs.openErrorLog(alarm.jobId);
          notifications.hide(`alarm-${alarm.id}`);
        }}
      >
        View
      </Button>
    </Stack>
  );
}
