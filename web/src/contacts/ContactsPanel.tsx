import {
  Alert,
  Badge,
  Grid,
  Group,
  Pagination,
  Paper,
  ScrollArea,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import type { CurrentUser } from '../api/client';
import { ContactDetail } from './ContactDetail';
import { OptionsMenu } from './OptionsMenu';
import { contactsPageSize, useContacts } from './use-contacts';

const count = (n: number, noun: string) => `${n.toLocaleString()} ${noun}${n === 1 ? '' : 's'}`;

/** The contacts panel: search, the list of contacts I may see, the selected contact's detail. */
export function ContactsPanel({ user }: { user: CurrentUser }) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [page, setPage] = useState(1);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const contacts = useContacts(q, page);
  const pages = Math.max(1, Math.ceil((contacts.data?.total ?? 0) / contactsPageSize));

  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 6 }}>
        <Paper withBorder p="md" component="section" aria-labelledby="contacts-panel-title">
          <Stack gap="sm">
            <Group justify="space-between">
              <Title order={2} size="h4" id="contacts-panel-title">
                Contacts
              </Title>
              <OptionsMenu user={user} />
            </Group>
            <TextInput
              type="search"
              label="Search contacts"
              placeholder="Name, email or phone"
              value={search}
              onChange={(event) => {
                setSearch(event.currentTarget.value);
                setPage(1);
              }}
            />
            {contacts.error && (
              <Alert color="red" role="alert">
                {contacts.error.message}
              </Alert>
            )}
            <ScrollArea.Autosize mah="calc(100vh - 300px)">
              <Table highlightOnHover aria-label="Contacts" stickyHeader>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Email</Table.Th>
                    <Table.Th>Phone</Table.Th>
                    <Table.Th>Owner</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {contacts.data?.items.map((contact) => (
                    <Table.Tr
                      key={contact.id}
                      aria-selected={contact.id === selectedId}
                      bg={contact.id === selectedId ? 'var(--mantine-color-blue-light)' : undefined}
                      style={{ cursor: 'pointer' }}
                      tabIndex={0}
                      onClick={() => setSelectedId(contact.id)}
                      onKeyDown={(event) => {
                        if (event.key === 'Enter' || event.key === ' ') {
                          event.preventDefault();
                          setSelectedId(contact.id);
                        }
                      }}
                    >
                      <Table.Td>
                        <Group gap={6} wrap="nowrap">
                          <Text size="sm">{contact.displayName}</Text>
                          {contact.kind === 'company' && (
                            <Badge size="xs" variant="light">
                              Company
                            </Badge>
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td>{contact.email}</Table.Td>
                      <Table.Td>{contact.phone}</Table.Td>
                      <Table.Td>{contact.ownerUserName}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea.Autosize>
            {contacts.data && contacts.data.total === 0 && (
              <Text c="dimmed" size="sm">
                {q
                  ? `No contact matches "${q}".`
                  : 'No contacts yet. Options → Import Contacts → Import Data.'}
              </Text>
            )}
            <Group justify="space-between">
              <Text size="sm" c="dimmed">
                {contacts.data ? count(contacts.data.total, 'contact') : ''}
              </Text>
              {pages > 1 && (
                <Pagination
                  size="sm"
                  total={pages}
                  value={page}
                  onChange={setPage}
                  getControlProps={(control) => ({ 'aria-label': `${control} page` })}
                />
              )}
            </Group>
          </Stack>
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 6 }}>
        <ContactDetail contactId={selectedId} />
      </Grid.Col>
    </Grid>
  );
}
