import { Alert, Badge, Grid, Stack, Table, Text, Title } from '@mantine/core';
import { CollectionTable } from '../contacts/CollectionTable';
import { collectionTabs } from './StagedContactPanel';
import { useComparison } from './use-workspace';

/** Compare Details: the staged contact (left) beside its selected match (right), field by field. */
export function CompareDetails({ jobId, stagedId }: { jobId: number; stagedId: number }) {
  const comparison = useComparison(jobId, stagedId, true);
  if (comparison.error) {
    return (
      <Alert color="red" role="alert">
        {comparison.error.message}
      </Alert>
    );
  }
  const data = comparison.data;
  if (!data) return null;
  const other = data.existing ?? data.matchedStaged;
  return (
    <Stack gap="sm">
      <Table aria-label="Fields compared" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Field</Table.Th>
            <Table.Th>Staged: {data.staged.name}</Table.Th>
            <Table.Th>Existing: {other?.name ?? '—'}</Table.Th>
            <Table.Th>After a merge</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.fields.map((field) => (
            <Table.Tr key={field.field}>
              <Table.Td>{field.field}</Table.Td>
              <Table.Td>{field.staged}</Table.Td>
              <Table.Td>{field.existing}</Table.Td>
              <Table.Td>
                {field.merged}{' '}
                {field.keeps !== 'same' && (
                  <Badge size="xs" variant="light">
                    keeps {field.keeps}
                  </Badge>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {collectionTabs.map(({ key, label }) => (
        <Grid key={key} gap="sm">
          <Grid.Col span={6}>
            <Title order={4} size="h6">
              {label} (staged)
            </Title>
            <CollectionTable label={`Staged ${label.toLowerCase()}`} rows={data.staged.collections[key]} />
          </Grid.Col>
          <Grid.Col span={6}>
            <Title order={4} size="h6">
              {label} (existing)
            </Title>
            {other ? (
              <CollectionTable label={`Existing ${label.toLowerCase()}`} rows={other.collections[key]} />
            ) : (
              <Text size="sm" c="dimmed">
                No match.
              </Text>
            )}
          </Grid.Col>
        </Grid>
      ))}
    </Stack>
  );
}
