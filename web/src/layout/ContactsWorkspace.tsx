import '@mantine/dates/styles.css';
import '@mantine/notifications/styles.css';
import { AppShell, Button, Group, Text, Title } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { lazy, Suspense, useEffect, useState } from 'react';
import type { CurrentUser } from '../api/client';
import { ContactsPanel } from '../contacts/ContactsPanel';
import { AlarmOverflow, alarmsShown, alarmsZIndex } from '../imports/AlarmOverflow';
import { useDialogs } from '../imports/dialogs';
import { ErrorLogDialog } from '../imports/ErrorLogDialog';
import { ImportDataDialog } from '../imports/ImportDataDialog';
import { useImportAlarms } from '../imports/use-import-alarms';
import { fullName, useLogout } from '../session/use-session';

// The larger dialogs are chunks of their own, fetched once the workspace shows and mounted when
// first opened; they stay mounted after, so that what was in them (filters, a mapping under way)
// is still there when they open again.
const loadImportProcesses = () => import('../imports/ImportProcessesDialog');
const loadMappingTool = () => import('../mapping/MappingToolDialog');
const loadImportWorkspace = () => import('../workspace/ImportWorkspace');
const ImportProcessesDialog = lazy(() =>
  loadImportProcesses().then((module) => ({ default: module.ImportProcessesDialog })),
);
const MappingToolDialog = lazy(() =>
  loadMappingTool().then((module) => ({ default: module.MappingToolDialog })),
);
const ImportWorkspace = lazy(() =>
  loadImportWorkspace().then((module) => ({ default: module.ImportWorkspace })),
);

/** The Contacts workspace: the contacts panel, with the import dialogs its Options menu opens. */
export function ContactsWorkspace({ user }: { user: CurrentUser }) {
  const logout = useLogout();
  const dialogs = useDialogs();
  useImportAlarms();
  const processesShown = useShownOnce(dialogs.importProcesses);
  const mappingToolShown = useShownOnce(dialogs.mappingTool);
  const workspaceShown = useShownOnce(dialogs.workspaceJobId !== null);
  useEffect(() => {
    void Promise.all([loadImportProcesses(), loadMappingTool(), loadImportWorkspace()]);
  }, []);
  return (
    <AppShell header={{ height: 56 }} padding="md">
      {/* Here, not in App: the Login screen shows none and need not download them. */}
      <Notifications position="bottom-right" limit={alarmsShown} zIndex={alarmsZIndex} />
      <AlarmOverflow />
      <AppShell.Header px="md">
        <Group h="100%" justify="space-between">
          <Group gap="lg">
            <Text fw={700} size="lg">
              Dovetail
            </Text>
            <Title order={1} size="h4" fw={500}>
              Contacts
            </Title>
          </Group>
          <Group gap="sm">
            <Text size="sm" aria-label="Signed in as">
              {fullName(user)}
            </Text>
            <Button variant="subtle" size="compact-sm" onClick={() => logout.mutate()}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <ContactsPanel user={user} />
      </AppShell.Main>
      <ImportDataDialog user={user} />
      <ErrorLogDialog />
      <Suspense>
        {processesShown && <ImportProcessesDialog />}
        {mappingToolShown && (
          <MappingToolDialog
            user={user}
            opened={dialogs.mappingTool}
            onClose={() => dialogs.close('mappingTool')}
          />
        )}
        {workspaceShown && <ImportWorkspace />}
      </Suspense>
    </AppShell>
  );
}

/** True from the first time `shown` is true on. */
function useShownOnce(shown: boolean): boolean {
  const [once, setOnce] = useState(shown);
  if (shown && !once) setOnce(true);
  return once || shown;
}
