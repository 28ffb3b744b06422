import { Alert, Loader, Paper, Stack, Tabs, Text, Title } from '@mantine/core';
import { asRows, CollectionTable } from './CollectionTable';
import { type ContactDetails, useContact } from './use-contacts';

const collections = [
  { key: 'addresses', label: 'Addresses' },
  { key: 'communications', label: 'Communications' },
  { key: 'categories', label: 'Categories' },
  { key: 'notes', label: 'Notes' },
  { key: 'fieldValues', label: 'Custom fields' },
] as const;

/** The selected contact: its profile and a tab per collection. */
export function ContactDetail({ contactId }: { contactId: number | null }) {
  const contact = useContact(contactId);
  return (
    <Paper withBorder p="md" component="section" aria-label="Contact detail" mih={200}>
      {contactId === null && <Text c="dimmed">Select a contact to see its details.</Text>}
      {contact.isLoading && <Loader size="sm" aria-label="Loading the contact" />}
      {contact.error && (
        <Alert color="red" role="alert">
          {contact.error.message}
        </Alert>
      )}
      {contact.data && <ContactProfile contact={contact.data} />}
    </Paper>
  );
}

function ContactProfile({ contact }: { contact: ContactDetails }) {
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        {contact.displayName}
      </Title>
      <Text size="sm" c="dimmed">
        {contact.kind === 'company' ? 'Company' : 'Person'} · owner {contact.ownerUserName}
        {contact.email ? ` · ${contact.email}` : ''}
        {contact.phone ? ` · ${contact.phone}` : ''}
      </Text>
      <Tabs defaultValue="addresses">
        <Tabs.List>
          {collections.map(({ key, label }) => (
            <Tabs.Tab key={key} value={key}>
              {label} ({asRows(contact[key]).length})
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {collections.map(({ key, label }) => (
          <Tabs.Panel key={key} value={key} pt="sm">
            <CollectionTable label={label} rows={asRows(contact[key])} />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
