import type { StageHandler } from '../pipeline/stage-handler.js';
import type { ImportStage } from './import-job.js';

/** Load Package stages every row, then waits for people to review what was staged. */
const loadPackageStage: StageHandler = async ({ job, repositories, config, checkpoint, workerId }) => {
  const { loadPackage } = await import('../pipeline/load/load-package.js');
  await loadPackage({
    jobId: job.id,
    packagePath: job.package_path,
    repositories,
    config,
    afterBatch: checkpoint,
    // Other workers may load the package's child files meanwhile (src/jobs/job-worker.ts).
    ...(workerId ? { fileLeases: { owner: workerId, leaseSeconds: config.jobLeaseSeconds } } : {}),
  });
  const loaded = await repositories.importJobs.find(job.id);
  return {
    next: { stage: 'Review Staged Data', status: 'Waiting for User' },
    // Rejected rows are news the user must act on, so they get the error alarm with its View
    // button even though the good rows are staged. Warnings (values left out of staged rows) are
    // not errors: they are in the error log, and the alarm stays a success.
    notify: (loaded?.error_count ?? 0) > 0 ? 'error' : 'success',
  };
};

/** Match compares every staged contact, then waits for people to review the match results. */
const matchStage: StageHandler = async ({ job, repositories, config, checkpoint }) => {
  const [{ matchStagedContacts }, { parseDuplicateKeys }, { jobModelPlan }] = await Promise.all([
    import('../pipeline/match/match-stage.js'),
    import('../pipeline/match/duplicate-keys.js'),
    import('../pipeline/match/job-model.js'),
  ]);
  const startAfter = Number(job.stage_cursor);
  await matchStagedContacts({
    jobId: job.id,
    onBehalfOfUserId: job.on_behalf_of_user_id,
    startAfter,
    repositories,
    // Estimated from the job's own contacts when Match starts, kept on the job for a resumed run.
    ...(await jobModelPlan({ jobId: job.id, startAfter, repositories })),
    identifyBy: parseDuplicateKeys(job.identify_duplicates_by),
    legacySource: job.package_name,
    batchSize: config.matchBatchRows,
    scorerHeapMb: config.matchScorerHeapMb,
    afterBatch: checkpoint,
  });
  return { next: { stage: 'Review Match Results', status: 'Waiting for User' } };
};

const processStage: StageHandler = async (context) =>
  (await import('../pipeline/process/process-stage.js')).processStage(context);

const completeImportStage: StageHandler = async (context) =>
  (await import('../pipeline/complete/complete-import.js')).completeImportStage(context);

/**
 * The handler of each stage that runs in the background (status Running). Stages where the job
 * waits for people (Review Staged Data, Review Match Results) have none: an action of the user
 * moves the job on to the next background stage. Each handler loads its stage's modules when it
 * first runs, so a process that never runs a stage (most CLI commands) does not load the pipeline.
 */
export const backgroundStages: Partial<Record<ImportStage, StageHandler>> = {
  'Load Package': loadPackageStage,
  Match: matchStage,
  Process: processStage,
  Completed: completeImportStage,
};
