import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Pagination,
  Progress,
  ScrollArea,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import type { ImportJob, ImportListQuery, ImportStage, ImportStatus } from '../api/client';
import stackedTable from '../layout/stacked-table.module.css';
import { useDialogs } from './dialogs';
import { formatDateTime, formatDuration, progressFigures } from './progress';
import { useImports } from './use-imports';

// The same lists as the server's (src/format/import-stages.ts); the generated types keep them in step.
const stages: ImportStage[] = [
  'Load Package',
  'Review Staged Data',
  'Match',
  'Review Match Results',
  'Process',
  'Completed',
];
const statuses: ImportStatus[] = ['Running', 'Waiting for User', 'Completed', 'Failed'];

type SortKey = NonNullable<ImportListQuery['sort']>;
interface Sort {
  key: SortKey;
  order: 'asc' | 'desc';
}
const pageSize = 50;
/** Dates read best newest first, words from A. */
const defaultOrder = (key: SortKey): Sort['order'] => (key === 'created' ? 'desc' : 'asc');

const statusColor: Record<ImportStatus, string> = {
  Running: 'blue',
  'Waiting for User': 'yellow',
  Completed: 'green',
  Failed: 'red',
};

/** Import Processes: every import job I may see, with filters and each job's progress. */
export function ImportProcessesDialog() {
  const dialogs = useDialogs();
  const [showFilters, setShowFilters] = useState(false);
  const [description, setDescription] = useState('');
  const [stage, setStage] = useState<ImportStage | null>(null);
  const [status, setStatus] = useState<ImportStatus | null>(null);
  const [since, setSince] = useState<string | null>(null);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [sort, setSort] = useState<Sort>({ key: 'created', order: 'desc' });
  const [page, setPage] = useState(1);
  const [debouncedDescription] = useDebouncedValue(description.trim(), 250);
  const phone = useMediaQuery('(max-width: 48em)');

  const filter: ImportListQuery = {
    ...(debouncedDescription ? { description: debouncedDescription } : {}),
    ...(stage ? { stage } : {}),
    ...(status ? { status } : {}),
    ...(since ? { since } : {}),
  };
  const filtered = Object.keys(filter).length > 0;
  const imports = useImports(
    { ...filter, sort: sort.key, order: sort.order, page, pageSize },
    dialogs.importProcesses,
  );
  const jobs = imports.data?.jobs;
  const pages = Math.max(1, Math.ceil((imports.data?.total ?? 0) / pageSize));
  const selected = jobs?.find((job) => job.id === selectedId);

  // Any change of filter or sort starts again on the first page.
  const refilter =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setPage(1);
    };
  const clearFilters = () => {
    setDescription('');
    setStage(null);
    setStatus(null);
    setSince(null);
    setPage(1);
  };
  const sortBy = (key: SortKey) => {
    setSort((current) => ({
      key,
      order:
        current.key === key && current.order === 'asc'
          ? 'desc'
          : current.key === key
            ? 'asc'
            : defaultOrder(key),
    }));
    setPage(1);
  };
  const header = (key: SortKey, label: string) => (
    <Table.Th aria-sort={sort.key === key ? (sort.order === 'asc' ? 'ascending' : 'descending') : undefined}>
      <UnstyledButton onClick={() => sortBy(key)} fw={700} fz="sm">
        {label}
        {sort.key === key ? (sort.order === 'asc' ? ' ▲' : ' ▼') : ''}
      </UnstyledButton>
    </Table.Th>
  );

  return (
    <Modal
      opened={dialogs.importProcesses}
      onClose={() => dialogs.close('importProcesses')}
      title="Import Processes"
      size="90rem"
      fullScreen={phone}
    >
      <Stack gap="sm">
        <Group justify="space-between">
          <Button
            variant="subtle"
            size="compact-sm"
            aria-expanded={showFilters}
            aria-controls="import-process-filters"
            onClick={() => setShowFilters((shown) => !shown)}
          >
            {filtered ? 'Showing filtered Import Processes' : 'Showing all Import Processes'}
          </Button>
          <Group gap="sm">
            <Button
              size="sm"
              disabled={!selected}
              onClick={() => selected && dialogs.openWorkspace(selected.id)}
            >
              Open
            </Button>
            <Button
              size="sm"
              disabled={!selected || !hasErrorReport(selected)}
              onClick={() => selected && dialogs.openErrorLog(selected.id)}
            >
              View Error Report
            </Button>
          </Group>
        </Group>
        {showFilters && (
          <SimpleGrid id="import-process-filters" cols={{ base: 1, sm: 2, lg: 5 }} spacing="sm">
            <TextInput
              label="Description"
              value={description}
              onChange={(event) => refilter(setDescription)(event.currentTarget.value)}
            />
            <Select
              label="Stage"
              data={stages}
              value={stage}
              onChange={(value) => refilter(setStage)(value as ImportStage | null)}
              clearable
              placeholder="Any"
            />
            <Select
              label="Status"
              data={statuses}
              value={status}
              onChange={(value) => refilter(setStatus)(value as ImportStatus | null)}
              clearable
              placeholder="Any"
            />
            <DatePickerInput
              label="Started on or after"
              value={since}
              onChange={refilter(setSince)}
              clearable
              placeholder="Any date"
              valueFormat="YYYY-MM-DD"
            />
            <Button
              variant="default"
              onClick={clearFilters}
              style={{ alignSelf: 'end' }}
              disabled={!filtered}
            >
              Show all
            </Button>
          </SimpleGrid>
        )}
        {imports.error && (
          <Alert color="red" role="alert">
            {imports.error.message}
          </Alert>
        )}
        <ScrollArea.Autosize mah="65vh">
          <Table highlightOnHover stickyHeader aria-label="Import Processes" className={stackedTable.stacked}>
            <Table.Thead>
              <Table.Tr>
                {header('description', 'Description')}
                {header('onBehalfOf', 'On Behalf Of')}
                {header('stage', 'Stage')}
                {header('status', 'Status')}
                {header('created', 'Start Date')}
                <Table.Th>Progress</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {jobs?.map((job) => (
                <Table.Tr
                  key={job.id}
                  aria-selected={job.id === selectedId}
                  bg={job.id === selectedId ? 'var(--mantine-color-blue-light)' : undefined}
                  style={{ cursor: 'pointer' }}
                  tabIndex={0}
                  onClick={() => setSelectedId(job.id)}
                  onDoubleClick={() => dialogs.openWorkspace(job.id)}
                  onKeyDown={(event) => {
                    // Enter and Space on the row's own buttons are theirs.
                    if (event.target !== event.currentTarget) return;
                    if (event.key === 'Enter' || event.key === ' ') {
                      event.preventDefault();
                      setSelectedId(job.id);
                    }
                  }}
                >
                  <Table.Td data-label="Description">{job.description}</Table.Td>
                  <Table.Td data-label="On Behalf Of">{job.onBehalfOf}</Table.Td>
                  <Table.Td data-label="Stage">{job.stage}</Table.Td>
                  <Table.Td data-label="Status">
                    <Badge color={statusColor[job.status]} variant="light">
                      {job.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td data-label="Start Date">
                    {formatDateTime(job.startedAt ?? job.createdAt)}
                  </Table.Td>
                  <Table.Td miw={200} data-label="Progress">
                    <JobProgress job={job} />
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      aria-label={`Open ${job.description}`}
                      onClick={(event) => {
                        event.stopPropagation();
                        dialogs.openWorkspace(job.id);
                      }}
                    >
                      Open
                    </Button>
                    {hasErrorReport(job) && (
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="red"
                        aria-label={`View Error Report of ${job.description}`}
                        onClick={(event) => {
                          event.stopPropagation();
                          dialogs.openErrorLog(job.id);
                        }}
                      >
                        View Error Report
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
        {jobs?.length === 0 && (
          <Text c="dimmed" size="sm">
            {filtered ? 'No import process matches these filters.' : 'No import process yet.'}
          </Text>
        )}
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {imports.data
              ? `${imports.data.total.toLocaleString()} import process${imports.data.total === 1 ? '' : 'es'}`
              : ''}
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
    </Modal>
  );
}

/** A job that failed, rejected rows or left values out has an error report. */
function hasErrorReport(job: ImportJob): boolean {
  return (
    job.status === 'Failed' ||
    job.failure !== null ||
    job.counts.errorCount > 0 ||
    job.counts.warningCount > 0
  );
}

function JobProgress({ job }: { job: ImportJob }) {
  const { rowsRead, rowsRejected } = job.counts;
  if (job.status === 'Running') {
    const { rowsPerSecond, secondsLeft } = progressFigures(job);
    return (
      <Stack gap={2}>
        <Progress value={job.progress.percent} aria-label={`${job.description}: ${job.progress.percent}%`} />
        <Text size="xs">
          {rowsRead.toLocaleString()} rows
          {rowsPerSecond !== null ? ` · ${Math.round(rowsPerSecond).toLocaleString()} rows/s` : ''}
          {secondsLeft !== null ? ` · ${formatDuration(secondsLeft)} left` : ''}
        </Text>
      </Stack>
    );
  }
  return (
    <Text size="xs">
      {rowsRead.toLocaleString()} rows
      {rowsRejected > 0 ? `, ${rowsRejected.toLocaleString()} rejected` : ''}
      {job.counts.warningCount > 0 ? `, ${job.counts.warningCount.toLocaleString()} warnings` : ''}
      {job.counts.contactsStaged > 0 ? ` · ${job.counts.contactsStaged.toLocaleString()} contacts` : ''}
    </Text>
  );
}
