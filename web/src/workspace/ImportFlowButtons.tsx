import { Alert, Button, Checkbox, Group, Modal, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { ApiError, type ImportJob } from '../api/client';
import { plural } from '../imports/plural';
import { scrollRegion } from '../layout/scroll-region';
import { CompletionReportDialog } from './CompletionReportDialog';
import {
  type DuplicateKey,
  useListContacts,
  useMoveOn,
  useReport,
  useReviewSummary,
  useUndo,
} from './use-workspace';

/** The duplicate keys Match may identify duplicates by, as the dialog names them. */
const duplicateKeyLabels: Record<DuplicateKey, string> = {
  legacyKey: 'Legacy key',
  email: 'Email',
  phone: 'Phone',
  nameAndBirthDate: 'Name and birth date',
};

type Confirming = { kind: 'complete'; unprocessed: number } | { kind: 'undo' } | { kind: 'match' } | null;

/** Match, Process, Complete Import (with its warning), the report, the list and Undo Import. */
export function ImportFlowButtons({ job }: { job: ImportJob }) {
  const moveOn = useMoveOn(job.id);
  const undo = useUndo(job.id);
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [reportOpen, setReportOpen] = useState(false);
  const [listOpen, setListOpen] = useState(false);
  const [nothingChosen, setNothingChosen] = useState(false);
  const summary = useReviewSummary(job.id);
  const [identifyBy, setIdentifyBy] = useState<DuplicateKey[]>(job.identifyDuplicatesBy);
  const report = useReport(job.id, true);
  const reviewing =
    job.status === 'Waiting for User' &&
    (job.stage === 'Review Staged Data' || job.stage === 'Review Match Results');
  const completed = job.stage === 'Completed' && job.status === 'Completed';
  const undone = report.data?.undoneAt != null;
  const list = report.data?.contactList ?? null;

  const complete = (confirm: boolean) =>
    moveOn.mutate(
      { step: 'complete', confirm },
      {
        onSuccess: () => setConfirming(null),
        onError: (error) => {
          if (error instanceof ApiError && error.code === 'CONFIRMATION_REQUIRED') {
            setConfirming({ kind: 'complete', unprocessed: unprocessedOf(error) });
          }
        },
      },
    );
  const error = moveOn.error ?? undo.error;

  return (
    <Stack gap="xs">
      <Group gap="sm">
        <Button
          disabled={!reviewing}
          loading={moveOn.isPending && moveOn.variables?.step === 'match'}
          onClick={() => setConfirming({ kind: 'match' })}
        >
          Match
        </Button>
        <Button
          disabled={!reviewing}
          loading={moveOn.isPending && moveOn.variables?.step === 'process'}
          onClick={() => {
            // Process with nothing decided would run and change nothing: say so instead.
            if (summary.data?.toProcess === 0) {
              setNothingChosen(true);
              return;
            }
            setNothingChosen(false);
            moveOn.mutate({ step: 'process' });
          }}
        >
          Process
        </Button>
        <Button disabled={!reviewing} color="green" onClick={() => complete(false)}>
          Complete Import
        </Button>
        <Button
          variant="default"
          disabled={!completed}
          aria-describedby={completed ? undefined : 'completion-report-when'}
          onClick={() => setReportOpen(true)}
        >
          Completion Report
        </Button>
        <Button component="a" href={`/api/imports/${job.id}/matches.csv`} download variant="default">
          Download matches (CSV)
        </Button>
        <Button variant="default" disabled={!list} onClick={() => setListOpen(true)}>
          {list ? `Contact List "${list.name}" (${list.size})` : 'Contact List'}
        </Button>
        <Button
          variant="outline"
          color="red"
          disabled={!completed || undone}
          onClick={() => setConfirming({ kind: 'undo' })}
        >
          Undo Import
        </Button>
      </Group>
      {!completed && (
        <Text size="xs" id="completion-report-when">
          The Completion Report is available once the import is completed.
        </Text>
      )}
      {nothingChosen && reviewing && (
        <Alert color="yellow" role="alert" title="No action was chosen">
          <Text size="sm">
            Nothing to process: choose Merge, Create new or Discard for at least one staged contact (in its
            Action column or with Bulk actions), then Process.
          </Text>
        </Alert>
      )}
      {undone && (
        <Text size="sm">
          This import was undone on {new Date(report.data?.undoneAt ?? '').toLocaleString()}.
        </Text>
      )}
      {error && !(error instanceof ApiError && error.code === 'CONFIRMATION_REQUIRED') && (
        <Alert
          color="red"
          role="alert"
          title={error instanceof ApiError && error.code === 'UNDO_CONFLICT' ? 'Undo refused' : undefined}
        >
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {error.message}
          </Text>
        </Alert>
      )}
      {undo.data && (
        <Alert color="green" role="status">
          Import undone: {plural(undo.data.contactsDeleted, 'contact')} deleted,{' '}
          {plural(undo.data.contactsRestored, 'contact')} restored,{' '}
          {plural(undo.data.entriesRemoved, 'entry', 'entries')} removed.
        </Alert>
      )}

      <Modal
        opened={confirming?.kind === 'complete'}
        onClose={() => setConfirming(null)}
        title="Complete Import"
      >
        <Stack>
          <Text>
            {confirming?.kind === 'complete' && confirming.unprocessed === 1
              ? '1 staged contact is not processed. Completing the import discards it.'
              : `${plural(confirming?.kind === 'complete' ? confirming.unprocessed : 0, 'staged contact')} are not processed. Completing the import discards them.`}{' '}
            Complete the import?
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(null)}>
              Cancel
            </Button>
            <Button color="red" loading={moveOn.isPending} onClick={() => complete(true)}>
              Discard and complete
            </Button>
          </Group>
        </Stack>
      </Modal>

      <Modal opened={confirming?.kind === 'match'} onClose={() => setConfirming(null)} title="Match">
        <Stack>
          <Checkbox.Group
            label="Identify duplicates by"
            description="A contact that shares one of these exactly is a High match, whatever its score."
            value={identifyBy}
            onChange={(value) => setIdentifyBy(value as DuplicateKey[])}
          >
            <Stack gap="xs" mt="xs">
              {(Object.keys(duplicateKeyLabels) as DuplicateKey[]).map((key) => (
                <Checkbox key={key} value={key} label={duplicateKeyLabels[key]} />
              ))}
            </Stack>
          </Checkbox.Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(null)}>
              Cancel
            </Button>
            <Button
              loading={moveOn.isPending}
              onClick={() =>
                moveOn.mutate({ step: 'match', identifyBy }, { onSettled: () => setConfirming(null) })
              }
            >
              Start Match
            </Button>
          </Group>
        </Stack>
      </Modal>

      <Modal opened={confirming?.kind === 'undo'} onClose={() => setConfirming(null)} title="Undo Import">
        <Stack>
          <Text>
            Undo deletes the contacts this import created and restores the fields and entries it changed. Undo
            "{job.description}"?
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(null)}>
              Cancel
            </Button>
            <Button
              color="red"
              loading={undo.isPending}
              onClick={() => undo.mutate(undefined, { onSettled: () => setConfirming(null) })}
            >
              Undo the import
            </Button>
          </Group>
        </Stack>
      </Modal>

      <CompletionReportDialog jobId={job.id} opened={reportOpen} onClose={() => setReportOpen(false)} />

      <Modal
        opened={listOpen}
        onClose={() => setListOpen(false)}
        title={`Contact List: ${list?.name ?? ''}`}
        size="lg"
      >
        {list && <ListMembers listId={list.id} />}
      </Modal>
    </Stack>
  );
}

function unprocessedOf(error: ApiError): number {
  const details = error.details as { unprocessed?: number } | undefined;
  return details?.unprocessed ?? 0;
}

function ListMembers({ listId }: { listId: number }) {
  const members = useListContacts(listId);
  if (!members.data) return null;
  return (
    <Stack gap="xs">
      <Text size="sm">{plural(members.data.total, 'contact')}</Text>
      <ScrollArea.Autosize mah="60vh" viewportProps={scrollRegion('List members, scrollable')}>
        <Table aria-label="List members" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Email</Table.Th>
              <Table.Th>Owner</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.data.items.map((contact) => (
              <Table.Tr key={contact.id}>
                <Table.Td>{contact.displayName}</Table.Td>
                <Table.Td>{contact.email}</Table.Td>
                <Table.Td>{contact.ownerUserName}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
    </Stack>
  );
}
