import { Alert, Badge, Grid, Group, Modal, Progress, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { ImportJob } from '../api/client';
import { useDialogs } from '../imports/dialogs';
import { plural } from '../imports/plural';
import { formatDateTime } from '../imports/progress';
import { importsKey } from '../imports/use-imports';
import { ImportFlowButtons } from './ImportFlowButtons';
import { StagedContactPanel } from './StagedContactPanel';
import { StagedContactsList } from './StagedContactsList';
import { type ReviewSummary, useReport, useReviewSummary, useWorkspaceJob } from './use-workspace';

/** The import workspace of one job: its header, its staged contacts and the decisions on them. */
export function ImportWorkspace() {
  const dialogs = useDialogs();
  const jobId = dialogs.workspaceJobId;
  useEscapeClosesWorkspace(jobId !== null, () => dialogs.close('workspaceJobId'));
  return (
    <Modal
      opened={jobId !== null}
      onClose={() => dialogs.close('workspaceJobId')}
      fullScreen
      title="Import Workspace"
      // Mantine's own Escape would also fire for an Escape pressed in a dialog opened from the
      // workspace (React events cross portals): useEscapeClosesWorkspace decides by the DOM.
      closeOnEscape={false}
      closeButtonProps={{ 'aria-label': 'Close the import workspace' }}
      aria-describedby="workspace-description"
    >
      {jobId !== null && (
        <div data-import-workspace>
          <WorkspaceBody jobId={jobId} />
        </div>
      )}
    </Modal>
  );
}

/**
 * Escape closes the workspace when it was pressed in the workspace itself (or with the focus
 * nowhere, after a dialog closed), never when it closes a dialog, menu or list opened from it.
 */
function useEscapeClosesWorkspace(open: boolean, close: () => void) {
  useEffect(() => {
    if (!open) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      const target = event.target instanceof Element ? event.target : document.body;
      const layer = target.closest('[role="dialog"], [role="menu"], [role="listbox"]');
      if (layer === null || layer.querySelector('[data-import-workspace]')) close();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [open, close]);
}

function WorkspaceBody({ jobId }: { jobId: number }) {
  const job = useWorkspaceJob(jobId);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const completed = job.data?.stage === 'Completed' && job.data.status === 'Completed';
  const undoneAt = useReport(jobId, completed).data?.undoneAt ?? null;
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
  const state = stateOf(job.data, undoneAt);
  const title =
    state === 'Undone'
      ? 'Import Results (Undone)'
      : job.data.stage === 'Completed'
        ? 'Import Results'
        : matchResults
          ? 'Review Match Results'
          : 'Review Staged Data';
  return (
    <Stack gap="sm">
      <WorkspaceHeader job={job.data} state={state} />
      <ImportFlowButtons job={job.data} />
      {job.data.stage !== 'Load Package' && (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, lg: 7 }}>
            <StagedContactsList
              jobId={jobId}
              title={title}
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
  Undone: 'gray',
};

/** The state people read in the header: the job's status, or Undone once Undo Import reverted it. */
function stateOf(job: ImportJob, undoneAt: string | null): string {
  return job.stage === 'Completed' && job.status === 'Completed' && undoneAt ? 'Undone' : job.status;
}

/** The figures of the header: decisions while reviewing, what each staged contact became once final. */
function figuresOf(s: ReviewSummary, final: boolean): string {
  if (final) {
    const o = s.byOutcome;
    return [
      plural(s.total, 'staged contact'),
      ...(o.undone > 0 ? [`${o.undone.toLocaleString()} undone`] : []),
      `${o.created.toLocaleString()} created`,
      `${o.merged.toLocaleString()} merged`,
      `${o.discarded.toLocaleString()} discarded`,
      `${o.notProcessed.toLocaleString()} not processed (discarded at completion)`,
    ].join(' · ');
  }
  return (
    `${s.total} staged · ${s.withMatch} with a match · ${s.processed} processed · ` +
    `merge ${s.byAction.merge}, create ${s.byAction.create}, discard ${s.byAction.discard}, ` +
    `undecided ${s.byAction.none}`
  );
}

function WorkspaceHeader({ job, state }: { job: ImportJob; state: string }) {
  const summary = useReviewSummary(job.id);
  const s = summary.data;
  const final = job.stage === 'Completed' && job.status === 'Completed';
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
        <Badge color={statusColor[state]} variant="light" aria-label={`Status: ${state}`}>
          {state}
        </Badge>
        <Text size="sm">Started {formatDateTime(job.startedAt ?? job.createdAt)}</Text>
      </Group>
      <Text size="sm">
        {job.counts.rowsRead.toLocaleString()} rows read, {job.counts.rowsRejected.toLocaleString()} rejected
        {s && ` · ${figuresOf(s, final)}`}
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
