import {
  Alert,
  Button,
  Group,
  List,
  Modal,
  Pagination,
  ScrollArea,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useDialogs } from '../imports/dialogs';
import { plural } from '../imports/plural';
import { formatDateTime } from '../imports/progress';
import { outcomeLabels } from './outcomes';
import { type ImportReport, useReport, useStagedContacts } from './use-workspace';

const pageSize = 20;

/**
 * The Import Completion report of a completed import, to read: who and when, the totals by
 * action and by file, the contact list, warnings and errors, every staged contact with what it
 * became; and the same as CSV or PDF.
 */
export function CompletionReportDialog({
  jobId,
  opened,
  onClose,
}: {
  jobId: number;
  opened: boolean;
  onClose(): void;
}) {
  const report = useReport(jobId, opened);
  return (
    <Modal opened={opened} onClose={onClose} title="Import Completion Report" size="xl">
      {report.error && (
        <Alert color="red" role="alert">
          {report.error.message}
        </Alert>
      )}
      {report.data && <ReportBody report={report.data} />}
    </Modal>
  );
}

function ReportBody({ report }: { report: ImportReport }) {
  const dialogs = useDialogs();
  const t = report.totals;
  const base = `/api/imports/${report.jobId}/report`;
  return (
    <Stack gap="md">
      <Group gap="sm">
        <Button component="a" href={`${base}.csv`} download variant="default">
          Download the report (CSV)
        </Button>
        <Button component="a" href={`${base}.pdf`} download variant="default">
          Download the report (PDF)
        </Button>
      </Group>

      <Table aria-label="Who and when" variant="vertical" withTableBorder>
        <Table.Tbody>
          {[
            ['Description', report.description],
            ['Package', report.packageName],
            ['On behalf of', report.onBehalfOf],
            ['Submitted by', report.submittedBy],
            ['Started', report.startedAt ? formatDateTime(report.startedAt) : '—'],
            ['Completed', report.completedAt ? formatDateTime(report.completedAt) : '—'],
            ...(report.undoneAt ? [['Undone', formatDateTime(report.undoneAt)]] : []),
            [
              'Contact list',
              report.contactList
                ? `${report.contactList.name} (${plural(report.contactList.size, 'contact')})`
                : '—',
            ],
          ].map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th w={160}>{label}</Table.Th>
              <Table.Td>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>

      <Stack gap={4}>
        <Title order={3} size="h5">
          Totals
        </Title>
        <ScrollArea type="auto">
          <Table aria-label="Totals by file" withTableBorder striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>File</Table.Th>
                <Table.Th ta="right">Staged</Table.Th>
                <Table.Th ta="right">Created</Table.Th>
                <Table.Th ta="right">Merged</Table.Th>
                <Table.Th ta="right">Discarded</Table.Th>
                <Table.Th ta="right">Not processed</Table.Th>
                <Table.Th ta="right">Rows rejected</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.byFile.map((file) => (
                <Table.Tr key={file.file}>
                  <Table.Td>{file.file}</Table.Td>
                  <Table.Td ta="right">{file.staged}</Table.Td>
                  <Table.Td ta="right">{file.created}</Table.Td>
                  <Table.Td ta="right">{file.merged}</Table.Td>
                  <Table.Td ta="right">{file.discarded}</Table.Td>
                  <Table.Td ta="right">{file.notProcessed + file.pending}</Table.Td>
                  <Table.Td ta="right">{file.rowsRejected}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
            <Table.Tfoot>
              <Table.Tr fw={700}>
                <Table.Th scope="row">All files</Table.Th>
                <Table.Td ta="right">{t.staged}</Table.Td>
                <Table.Td ta="right">{t.created}</Table.Td>
                <Table.Td ta="right">{t.merged}</Table.Td>
                <Table.Td ta="right">{t.discarded}</Table.Td>
                <Table.Td ta="right">{t.discardedAtCompletion + t.unprocessed}</Table.Td>
                <Table.Td ta="right">{t.rowsRejected}</Table.Td>
              </Table.Tr>
            </Table.Tfoot>
          </Table>
        </ScrollArea>
      </Stack>

      {report.warnings.length > 0 && (
        <Stack gap={4} component="section" aria-labelledby="report-warnings">
          <Title order={3} size="h5" id="report-warnings">
            Warnings
          </Title>
          <List size="sm">
            {report.warnings.map((warning) => (
              <List.Item key={warning}>{warning}</List.Item>
            ))}
          </List>
        </Stack>
      )}

      <Stack gap={4} component="section" aria-labelledby="report-errors">
        <Group justify="space-between">
          <Title order={3} size="h5" id="report-errors">
            Errors
          </Title>
          {report.errors.total > 0 && (
            <Button size="compact-sm" variant="default" onClick={() => dialogs.openErrorLog(report.jobId)}>
              Open the Error Log
            </Button>
          )}
        </Group>
        {report.errors.total === 0 ? (
          <Text size="sm">No row was rejected.</Text>
        ) : (
          <>
            <Text size="sm">
              {plural(report.errors.total, 'row was', 'rows were')} rejected when the package was loaded
              {report.errors.total > report.errors.first.length
                ? `; the first ${report.errors.first.length}:`
                : ':'}
            </Text>
            <Table aria-label="Errors" withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>File</Table.Th>
                  <Table.Th>Line</Table.Th>
                  <Table.Th>Column</Table.Th>
                  <Table.Th>Message</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.errors.first.map((error, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: errors have no id of their own here
                  <Table.Tr key={index}>
                    <Table.Td>{error.file ?? 'package'}</Table.Td>
                    <Table.Td>{error.line ?? ''}</Table.Td>
                    <Table.Td>{error.column ?? ''}</Table.Td>
                    <Table.Td>{error.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </>
        )}
      </Stack>

      <ReportContacts jobId={report.jobId} />
    </Stack>
  );
}

/** Every staged contact with what it became, a page at a time. */
function ReportContacts({ jobId }: { jobId: number }) {
  const [page, setPage] = useState(1);
  const staged = useStagedContacts(jobId, { sort: 'name', limit: pageSize, offset: (page - 1) * pageSize });
  const pages = Math.max(1, Math.ceil((staged.data?.total ?? 0) / pageSize));
  return (
    <Stack gap={4} component="section" aria-labelledby="report-contacts">
      <Title order={3} size="h5" id="report-contacts">
        Staged contacts and what each became
      </Title>
      <Table aria-label="What each staged contact became" withTableBorder striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Key</Table.Th>
            <Table.Th>File, line</Table.Th>
            <Table.Th>Outcome</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {staged.data?.items.map((contact) => (
            <Table.Tr key={contact.id}>
              <Table.Td>{contact.name}</Table.Td>
              <Table.Td>{contact.legacyKey}</Table.Td>
              <Table.Td>
                {contact.source.file}, {contact.source.line}
              </Table.Td>
              <Table.Td>{outcomeLabels[contact.outcome]}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group justify="space-between">
        <Text size="sm">{staged.data ? plural(staged.data.total, 'staged contact') : ''}</Text>
        {pages > 1 && (
          <Pagination
            size="sm"
            total={pages}
            value={page}
            onChange={setPage}
            getControlProps={(control) => ({ 'aria-label': `${control} page of the report's contacts` })}
          />
        )}
      </Group>
    </Stack>
  );
}
