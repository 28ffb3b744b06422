import { AppShell, Button, Group, Text, Title } from '@mantine/core';
import type { CurrentUser } from '../api/client';
import { ContactsPanel } from '../contacts/ContactsPanel';
import { useDialogs } from '../imports/dialogs';
import { ErrorLogDialog } from '../imports/ErrorLogDialog';
import { ImportDataDialog } from '../imports/ImportDataDialog';
import { ImportProcessesDialog } from '../imports/ImportProcessesDialog';
import { useImportAlarms } from '../imports/use-import-alarms';
import { MappingToolDialog } from '../mapping/MappingToolDialog';
import { fullName, useLogout } from '../session/use-session';
import { ImportWorkspace } from '../workspace/ImportWorkspace';

/** The Contacts workspace: the contacts panel, with the import dialogs its Options menu opens. */
export function ContactsWorkspace({ user }: { user: CurrentUser }) {
  const logout = useLogout();
  const dialogs = useDialogs();
  useImportAlarms();
  return (
    <AppShell header={{ height: 56 }} padding="md">
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
      <ImportProcessesDialog />
      <ErrorLogDialog />
      <MappingToolDialog
        user={user}
        opened={dialogs.mappingTool}
        onClose={() => dialogs.close('mappingTool')}
      />
      <ImportWorkspace />
    </AppShell>
  );
}
