import { Table, Text } from '@mantine/core';

type Row = Record<string, unknown>;

// Columns that identify rows in the database, not something a person reads.
const hiddenColumns = new Set([
  'id',
  'contactId',
  'contact_id',
  'jobId',
  'stagedContactId',
  'staged_contact_id',
]);

/** Collection entries as rows of a table (a category is a bare string). */
export function asRows(value: unknown): Row[] {
  if (!Array.isArray(value)) return [];
  return value.map((item) => (typeof item === 'object' && item !== null ? (item as Row) : { value: item }));
}

export function CollectionTable({ label, rows }: { label: string; rows: unknown[] }) {
  const items = asRows(rows);
  if (items.length === 0) return <Text c="dimmed" size="sm">{`No ${label.toLowerCase()}.`}</Text>;
  const columns = [...new Set(items.flatMap((row) => Object.keys(row)))].filter((c) => !hiddenColumns.has(c));
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
        {items.map((row, index) => (
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
