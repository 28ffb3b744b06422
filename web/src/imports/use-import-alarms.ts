import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { createElement, useEffect } from 'react';
import { api, type Notification } from '../api/client';
import { ImportAlarm } from './ImportAlarm';
import { importsKey } from './use-imports';

type Alarm = Omit<Notification, 'read'>;

/** How long a success alarm stays on the screen. */
export const successAlarmMs = 6000;

/**
 * The notification alarms of my imports: those still unread when I arrive, then each one the server
 * pushes over /api/notifications/stream as a job ends. Closing an alarm marks it read. At most
 * `alarmsShown` are on the screen at once (the others wait, counted by AlarmOverflow).
 */
export function useImportAlarms(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const shown = new Set<number>();
    const show = (alarm: Alarm) => {
      if (shown.has(alarm.id)) return;
      shown.add(alarm.id);
      notifications.show({
        id: `alarm-${alarm.id}`,
        title: alarm.kind === 'success' ? 'Import Completed' : 'Import Error',
        color: alarm.kind === 'success' ? 'green' : 'red',
        message: createElement(ImportAlarm, { alarm }),
        // A success leaves by itself (closing marks it read); an error stays until it is read.
        autoClose: alarm.kind === 'success' ? successAlarmMs : false,
        withBorder: true,
        onClose: () => {
          void api.POST('/api/notifications/read', { body: { ids: [alarm.id] } });
        },
      });
    };

    const stream = new EventSource('/api/notifications/stream');
    stream.addEventListener('notification', (event) => {
      show(JSON.parse((event as MessageEvent<string>).data) as Alarm);
      void queryClient.invalidateQueries({ queryKey: importsKey });
      void queryClient.invalidateQueries({ queryKey: ['contacts'] });
    });
    let active = true;
    void api.GET('/api/notifications', { params: { query: { unread: 'true' } } }).then(({ data }) => {
      if (active) for (const alarm of [...(data ?? [])].reverse()) show(alarm);
    });
    return () => {
      active = false;
      stream.close();
      // Signing out leaves no alarm of this user on the screen for the next one.
      notifications.clean();
    };
  }, [queryClient]);
}
