import { completeImportStage } from '../pipeline/complete/complete-import.js';
import { loadPackage } from '../pipeline/load/load-package.js';
import { processStage } from '../pipeline/process/process-stage.js';
import type { ImportStage } from './import-job.js';
import type { StageHandler } from './stage-handler.js';

/** Load Package stages every row, then waits for people to review what was staged. */
const loadPackageStage: StageHandler = async ({ job, repositories, config, checkpoint }) => {
  await loadPackage({
    jobId: job.id,
    packagePath: job.package_path,
    repositories,
    config,
    afterBatch: checkpoint,
  });
  const loaded = await repositories.importJobs.find(job.id);
  return {
    next: { stage: 'Review Staged Data', status: 'Waiting for User' },
    // Rejected rows are news the user must act on, so they get the error alarm with its View
    // button even though the good rows are staged.
    notify: (loaded?.error_count ?? 0) > 0 ? 'error' : 'success',
  };
};

/**
 * The handler of each stage that runs in the background (status Running). Stages where the job
 * waits for people (Review Staged Data, Review Match Results) have none: an action of the user
 * moves the job on to the next background stage.
 */
export const backgroundStages: Partial<Record<ImportStage, StageHandler>> = {
  'Load Package': loadPackageStage,
  Process: processStage,
  Completed: completeImportStage,
};
