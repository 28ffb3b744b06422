import {
  Alert,
  Badge,
  Button,
  Group,
  Menu,
  NativeSelect,
  Pagination,
  Paper,
  ScrollArea,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { plural } from '../imports/plural';
import { moveBetweenRows } from '../layout/roving-rows';
import stackedTable from '../layout/stacked-table.module.css';
import { outcomeColors, outcomeLabels } from './outcomes';
import {
  type BulkAction,
  type StagedAction,
  type StagedQuery,
  type StagedSummary,
  useBulkAction,
  useSetAction,
  useStagedContacts,
} from './use-workspace';

const pageSize = 25;
const bandColor = { High: 'green', Medium: 'yellow', Low: 'orange' } as const;
const any = { value: '', label: 'Any' };

interface Props {
  jobId: number;
  /** Review Staged Data, Review Match Results, or Import Results once the import is final. */
  title: string;
  editable: boolean;
  selectedId: number | null;
  onSelect(id: number): void;
}

type Filter = Pick<StagedQuery, 'status' | 'band' | 'hasMatch' | 'action'>;

/** Review Staged Data / Review Match Results: the staged contacts, filtered, sorted and paged. */
export function StagedContactsList({ jobId, title, editable, selectedId, onSelect }: Props) {
  const [name, setName] = useState('');
  const [debouncedName] = useDebouncedValue(name.trim(), 250);
  const [filter, setFilter] = useState<Filter>({});
  const [sort, setSort] = useState<'name' | 'quality'>('name');
  const [page, setPage] = useState(1);
  const query: StagedQuery = {
    ...filter,
    ...(debouncedName ? { name: debouncedName } : {}),
    sort,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  };
  const staged = useStagedContacts(jobId, query);
  const setAction = useSetAction(jobId);
  const bulk = useBulkAction(jobId);
  const pages = Math.max(1, Math.ceil((staged.data?.total ?? 0) / pageSize));
  // One tab stop for the rows (arrows move between them): the row last focused, else the
  // selected one, else the first.
  const [focusedId, setFocusedId] = useState<number | null>(null);
  const shownIds = staged.data?.items.map((contact) => contact.id) ?? [];
  const tabStopId = [focusedId, selectedId].find((id) => id !== null && shownIds.includes(id)) ?? shownIds[0];
  const refilter = (change: Partial<Filter>) => {
    setFilter((current) => {
      const next = { ...current, ...change };
      for (const key of Object.keys(next) as Array<keyof Filter>)
        if (next[key] === undefined) delete next[key];
      return next;
    });
    setPage(1);
  };
  const runBulk = (body: BulkAction) => bulk.mutate(body);
  const { hasMatch, ...rest } = filter;
  const currentFilter: BulkAction['filter'] = {
    ...rest,
    ...(debouncedName ? { name: debouncedName } : {}),
    ...(hasMatch !== undefined ? { hasMatch: String(hasMatch) === 'true' } : {}),
    processed: false,
  };

  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="staged-list-title">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h5" id="staged-list-title">
            {title}
          </Title>
          {editable && (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button size="compact-sm" variant="default">
                  Bulk actions
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item
                  onClick={() => runBulk({ filter: { hasMatch: false, processed: false }, action: 'create' })}
                >
                  Create all with no match
                </Menu.Item>
                <Menu.Item
                  onClick={() => runBulk({ filter: { band: 'High', processed: false }, action: 'merge' })}
                >
                  Merge all High
                </Menu.Item>
                <Menu.Item
                  onClick={() => runBulk({ filter: { band: 'Low', processed: false }, action: 'discard' })}
                >
                  Discard all Low
                </Menu.Item>
                <Menu.Divider />
                <Menu.Item
                  onClick={() => runBulk({ filter: { ...currentFilter, action: 'none' }, action: 'create' })}
                >
                  Create all undecided shown by the filters
                </Menu.Item>
                <Menu.Item
                  onClick={() => runBulk({ filter: { ...currentFilter, action: 'none' }, action: 'discard' })}
                >
                  Discard all undecided shown by the filters
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
        <SimpleGrid cols={{ base: 2, md: 3, xl: 6 }} spacing="xs">
          <TextInput
            size="xs"
            label="Name"
            value={name}
            onChange={(event) => {
              setName(event.currentTarget.value);
              setPage(1);
            }}
          />
          <NativeSelect
            size="xs"
            label="Status"
            data={[any, 'active', 'inactive', 'prospect', 'former']}
            value={filter.status ?? ''}
            onChange={(event) => refilter({ status: event.currentTarget.value || undefined })}
          />
          <NativeSelect
            size="xs"
            label="Match quality"
            data={[any, 'High', 'Medium', 'Low', { value: 'none', label: 'None' }]}
            value={filter.band ?? ''}
            onChange={(event) =>
              refilter({ band: (event.currentTarget.value || undefined) as Filter['band'] })
            }
          />
          <NativeSelect
            size="xs"
            label="Match"
            data={[any, { value: 'true', label: 'With a match' }, { value: 'false', label: 'No match' }]}
            value={filter.hasMatch === undefined ? '' : String(filter.hasMatch)}
            onChange={(event) =>
              refilter({
                hasMatch: (event.currentTarget.value || undefined) as unknown as Filter['hasMatch'],
              })
            }
          />
          <NativeSelect
            size="xs"
            label="Action"
            data={[any, 'merge', 'create', 'discard', { value: 'none', label: 'None yet' }]}
            value={filter.action ?? ''}
            onChange={(event) =>
              refilter({ action: (event.currentTarget.value || undefined) as Filter['action'] })
            }
          />
          <NativeSelect
            size="xs"
            label="Sort by"
            data={[
              { value: 'name', label: 'Name' },
              { value: 'quality', label: 'Match quality' },
            ]}
            value={sort}
            onChange={(event) => {
              setSort(event.currentTarget.value as 'name' | 'quality');
              setPage(1);
            }}
          />
        </SimpleGrid>
        {(staged.error ?? setAction.error ?? bulk.error) && (
          <Alert color="red" role="alert">
            {(staged.error ?? setAction.error ?? bulk.error)?.message}
          </Alert>
        )}
        {bulk.data && (
          <Text size="sm" role="status">
            {plural(bulk.data.updated, 'staged contact')} updated.
          </Text>
        )}
        <ScrollArea.Autosize mah="calc(100vh - 420px)" mih={200}>
          <Table highlightOnHover stickyHeader aria-label="Staged contacts" className={stackedTable.stacked}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Key</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Match quality</Table.Th>
                <Table.Th>{editable ? 'Action' : 'Action or outcome'}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {staged.data?.items.map((contact) => (
                <StagedRow
                  key={contact.id}
                  contact={contact}
                  selected={contact.id === selectedId}
                  tabStop={contact.id === tabStopId}
                  editable={editable}
                  onFocus={() => setFocusedId(contact.id)}
                  onSelect={() => onSelect(contact.id)}
                  onAction={(action) => setAction.mutate({ stagedId: contact.id, action })}
                />
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
        {staged.data?.total === 0 && (
          <Text c="dimmed" size="sm">
            No staged contact matches these filters.
          </Text>
        )}
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {staged.data ? plural(staged.data.total, 'staged contact') : ''}
          </Text>
          {pages > 1 && (
            <Pagination
              size="sm"
              total={pages}
              value={page}
              onChange={setPage}
              getControlProps={(control) => ({ 'aria-label': `${control} page of staged contacts` })}
            />
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

interface RowProps {
  contact: StagedSummary;
  selected: boolean;
  /** The row that holds the list's place in the tab order. */
  tabStop: boolean;
  editable: boolean;
  onFocus(): void;
  onSelect(): void;
  onAction(action: StagedAction | null): void;
}

function StagedRow({ contact, selected, tabStop, editable, onFocus, onSelect, onAction }: RowProps) {
  const band = contact.match?.band;
  return (
    <Table.Tr
      aria-selected={selected}
      bg={selected ? 'var(--mantine-color-blue-light)' : undefined}
      style={{ cursor: 'pointer' }}
      tabIndex={tabStop ? 0 : -1}
      data-roving-row
      onFocus={(event) => event.target === event.currentTarget && onFocus()}
      onClick={onSelect}
      onKeyDown={(event) => {
        if (event.target === event.currentTarget && (event.key === 'Enter' || event.key === ' ')) {
          event.preventDefault();
          onSelect();
        }
        moveBetweenRows(event);
      }}
    >
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <Text size="sm">{contact.name}</Text>
          {contact.kind === 'company' && (
            <Badge size="xs" variant="light">
              Company
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td data-label="Key">{contact.legacyKey}</Table.Td>
      <Table.Td data-label="Status">{contact.fields.status ?? ''}</Table.Td>
      <Table.Td data-label="Match quality">
        {band ? (
          <Badge size="sm" color={bandColor[band]} variant="light">
            {band} {contact.match?.score != null ? Math.round(contact.match.score * 100) / 100 : ''}
          </Badge>
        ) : contact.match ? (
          <Badge size="sm" variant="outline">
            Chosen
          </Badge>
        ) : (
          ''
        )}
      </Table.Td>
      <Table.Td data-label="Action" onClick={(event) => event.stopPropagation()}>
        {contact.processedAt !== null ? (
          // Processed: no choice is left, say what it became.
          <Badge
            size="sm"
            variant="light"
            color={outcomeColors[contact.outcome]}
            aria-label={`${contact.name}: ${outcomeLabels[contact.outcome]}`}
          >
            {outcomeLabels[contact.outcome]}
          </Badge>
        ) : (
          <NativeSelect
            size="xs"
            aria-label={`Action for ${contact.name}`}
            tabIndex={tabStop ? 0 : -1}
            disabled={!editable || contact.processedAt !== null}
            value={contact.action ?? ''}
            data={[
              { value: '', label: '—' },
              { value: 'merge', label: 'Merge', disabled: !contact.match },
              { value: 'create', label: 'Create new' },
              { value: 'discard', label: 'Discard' },
            ]}
            onChange={(event) => onAction((event.currentTarget.value || null) as StagedAction | null)}
          />
        )}
      </Table.Td>
    </Table.Tr>
  );
}
