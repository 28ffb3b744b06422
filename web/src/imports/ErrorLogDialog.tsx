import { Alert, Anchor, Group, Loader, Modal, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { scrollRegion } from '../layout/scroll-region';
import { useDialogs } from './dialogs';
import { useErrorLog, useImportJob } from './use-imports';

/** The error log of an import: the first errors (a setting, 500 by default), the total, the full file. */
export function ErrorLogDialog() {
  const dialogs = useDialogs();
  const jobId = dialogs.errorLogJobId;
  const job = useImportJob(jobId);
  const log = useErrorLog(jobId);
  const shown = log.data?.errors.length ?? 0;

  return (
    <Modal
      opened={jobId !== null}
      onClose={() => dialogs.close('errorLogJobId')}
      title={log.data ? `Error Log: ${log.data.description}` : 'Error Log'}
      size="90rem"
      zIndex={300}
    >
      <Stack>
        {(log.isLoading || job.isLoading) && <Loader size="sm" aria-label="Loading the error log" />}
        {(log.error || job.error) && (
          <Alert color="red" role="alert">
            {(log.error ?? job.error)?.message}
          </Alert>
        )}
        {job.data?.failure && (
          <Alert color="red" title={`The package could not be imported (${job.data.failure.code})`}>
            {job.data.failure.message}
          </Alert>
        )}
        {log.data && (
          <>
            <Group justify="space-between">
              <Text size="sm" aria-live="polite">
                {log.data.total === 0
                  ? 'No row was rejected.'
                  : shown < log.data.total
                    ? `Showing the first ${shown.toLocaleString()} of ${log.data.total.toLocaleString()} errors.`
                    : `${log.data.total.toLocaleString()} errors.`}
              </Text>
              {log.data.total > 0 && (
                <Anchor href={`/api/imports/${log.data.jobId}/errors.csv`} download size="sm">
                  Download the full error file (CSV)
                </Anchor>
              )}
            </Group>
            {shown > 0 && (
              <ScrollArea.Autosize mah="60vh" viewportProps={scrollRegion('Errors, scrollable')}>
                <Table striped stickyHeader aria-label="Errors">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>File</Table.Th>
                      <Table.Th>Line</Table.Th>
                      <Table.Th>Column</Table.Th>
                      <Table.Th>Value</Table.Th>
                      <Table.Th>Code</Table.Th>
                      <Table.Th>Message</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {log.data.errors.map((error, index) => (
                      // Errors are listed in file and line order and never change.
                      // biome-ignore lint/suspicious/noArrayIndexKey: see above
                      <Table.Tr key={index}>
                        <Table.Td>{error.file}</Table.Td>
                        <Table.Td>{error.line}</Table.Td>
                        <Table.Td>{error.column}</Table.Td>
                        <Table.Td maw={240} style={{ overflowWrap: 'break-word' }}>
                          {error.value}
                        </Table.Td>
                        <Table.Td>
                          <Text size="xs" ff="monospace">
                            {error.code}
                          </Text>
                        </Table.Td>
                        <Table.Td>{error.message}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollArea.Autosize>
            )}
          </>
        )}
      </Stack>
    </Modal>
  );
}
