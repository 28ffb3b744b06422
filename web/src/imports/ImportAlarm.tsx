import { Button, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Notification } from '../api/client';
import { useDialogs } from './dialogs';

/** The body of a notification alarm: the text users of NexJ know, and View for the error log. */
export function ImportAlarm({ alarm }: { alarm: Omit<Notification, 'read'> }) {
  const dialogs = useDialogs();
  return (
    <Stack gap={6} align="flex-start">
      <Text size="sm" c="var(--mantine-color-text)">
        {alarm.text}
      </Text>
      <Button
        size="compact-sm"
        variant="light"
        onClick={() => {
          dialogs.openErrorLog(alarm.jobId);
          notifications.hide(`alarm-${alarm.id}`);
        }}
      >
        View
      </Button>
    </Stack>
  );
}
