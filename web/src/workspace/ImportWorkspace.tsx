import { Alert, Badge, Grid, Group, Modal, Progress, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { ImportJob } from '../api/client';
import { useDialogs } from '../imports/dialogs';
import { formatDateTime } from '../imports/progress';
import { importsKey } from '../imports/use-imports';
import { ImportFlowButtons } from './ImportFlowButtons';
import { StagedContactPanel } from './StagedContactPanel';
import { StagedContactsList } from './StagedContactsList';
import { useReviewSummary, useWorkspaceJob } from './use-workspace';

/** The import workspace of one job: its header, its staged contacts and the decisions on them. */
export function ImportWorkspace() {
  const dialogs = useDialogs();
  const jobId = dialogs.workspaceJobId;
  return (
    <Modal
      opened={jobId !== null}
      onClose={() => dialogs.close('workspaceJobId')}
      fullScreen
      title="Import Workspace"
      // Escape in a dialog opened from the workspace would reach it too (React events cross portals).
      closeOnEscape={false}
      closeButtonProps={{ 'aria-label': 'Close the import workspace' }}
      aria-describedby="workspace-description"
    >
      {jobId !== null && <WorkspaceBody jobId={jobId} />}
    </Modal>
  );
}

function WorkspaceBody({ jobId }: { jobId: number }) {
  const job = useWorkspaceJob(jobId);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const panel = useRef<HTMLDivElement>(null);
  useRefreshWhenStageEnds(job.data);
  // On a narrow screen the selected contact's panel sits below the list: bring it into view.
  useEffect(() => {
    const element = panel.current;
    if (selectedId === null || !element) return;
    if (element.getBoundingClientRect().top > window.innerHeight - 120) {
      element.scrollIntoView({ block: 'start' });
    }
  }, [selectedId]);
  if (job.error) {
    return (
      <Alert color="red" role="alert">
        {job.error.message}
      </Alert>
    );
  }
  if (!job.data) return null;
  const reviewing = job.data.status === 'Waiting for User';
  const matchResults = job.data.stage !== 'Review Staged Data' && job.data.stage !== 'Load Package';
  return (
    <Stack gap="sm">
      <WorkspaceHeader job={job.data} />
      <ImportFlowButtons job={job.data} />
      {job.data.stage !== 'Load Package' && (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, lg: 7 }}>
            <StagedContactsList
              jobId={jobId}
              matchResults={matchResults}
              editable={reviewing}
              selectedId={selectedId}
              onSelect={setSelectedId}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 5 }} ref={panel}>
            <StagedContactPanel
              jobId={jobId}
              stagedId={selectedId}
              editable={reviewing}
              matchResults={matchResults}
              onDeleted={() => setSelectedId(null)}
            />
          </Grid.Col>
        </Grid>
      )}
    </Stack>
  );
}

/** When a background stage ends, everything the workspace shows may have changed. */
function useRefreshWhenStageEnds(job: ImportJob | undefined) {
  const queryClient = useQueryClient();
  const last = useRef<string | null>(null);
  const state = job ? `${job.stage}/${job.status}` : null;
  useEffect(() => {
    if (state && last.current && last.current !== state) {
      void queryClient.invalidateQueries({ queryKey: importsKey });
      void queryClient.invalidateQueries({ queryKey: ['lists'] });
    }
    last.current = state;
  }, [state, queryClient]);
}

const statusColor: Record<string, string> = {
  Running: 'blue',
  'Waiting for User': 'yellow',
  Completed: 'green',
  Failed: 'red',
};

function WorkspaceHeader({ job }: { job: ImportJob }) {
  const summary = useReviewSummary(job.id);
  const s = summary.data;
  return (
    <Stack gap={4} component="section" aria-label="Import process">
      <Group gap="sm" align="baseline">
        <Text fw={700} size="lg" id="workspace-description">
          {job.description}
        </Text>
        <Text size="sm" c="dimmed">
          {job.packageName}
        </Text>
      </Group>
      <Group gap="lg">
        <Text size="sm">
          On behalf of <b>{job.onBehalfOf}</b>
        </Text>
        <Text size="sm">
          Stage: <b>{job.stage}</b>
        </Text>
        <Badge color={statusColor[job.status]} variant="light" aria-label={`Status: ${job.status}`}>
          {job.status}
        </Badge>
        <Text size="sm">Started {formatDateTime(job.startedAt ?? job.createdAt)}</Text>
      </Group>
      <Text size="sm">
        {job.counts.rowsRead.toLocaleString()} rows read, {job.counts.rowsRejected.toLocaleString()} rejected
        {s &&
          ` · ${s.total} staged · ${s.withMatch} with a match · ${s.processed} processed · ` +
            `merge ${s.byAction.merge}, create ${s.byAction.create}, discard ${s.byAction.discard}, ` +
            `undecided ${s.byAction.none}`}
      </Text>
      {job.status === 'Running' && (
        <Stack gap={2}>
          <Text size="sm" role="status">
            {job.stage} is running…
          </Text>
          <Progress
            value={job.stage === 'Load Package' ? job.progress.percent : 100}
            animated
            aria-label={`${job.stage} progress`}
          />
        </Stack>
      )}
      {job.failure && (
        <Alert color="red" role="alert">
          {job.failure.message} ({job.failure.code})
        </Alert>
      )}
    </Stack>
  );
}
