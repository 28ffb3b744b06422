import { Alert, Loader, Paper, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { type ContactDetails, useContact } from './use-contacts';

type Row = Record<string, unknown>;

const collections = [
  { key: 'addresses', label: 'Addresses' },
  { key: 'communications', label: 'Communications' },
  { key: 'categories', label: 'Categories' },
  { key: 'notes', label: 'Notes' },
  { key: 'fieldValues', label: 'Custom fields' },
] as const;

// Columns that identify rows in the database, not something a person reads.
const hiddenColumns = new Set(['id', 'contactId', 'contact_id', 'jobId']);

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

function asRows(value: unknown): Row[] {
  if (!Array.isArray(value)) return [];
  return value.map((item) => (typeof item === 'object' && item !== null ? (item as Row) : { value: item }));
}

function CollectionTable({ label, rows }: { label: string; rows: Row[] }) {
  if (rows.length === 0) return <Text c="dimmed" size="sm">{`No ${label.toLowerCase()}.`}</Text>;
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))].filter((c) => !hiddenColumns.has(c));
  return (
    <Table aria-label={label} striped>
      <Table.Thead>
        <Table.Tr>
          {columns.map((column) => (
            <Table.Th key={column}>{heading(column)}</Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row, index) => (
          // Collections have no stable key of their own in the contract; their order is stable.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <Table.Tr key={index}>
            {columns.map((column) => (
              <Table.Td key={column}>{display(row[column])}</Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** "postalCode" → "Postal code", "street_2" → "Street 2". */
function heading(column: string): string {
  const words = column
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function display(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
