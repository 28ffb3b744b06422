import type { StageHandler } from '../../jobs/stage-handler.js';

/**
 * Stage "Completed" while Running: discards what is still unprocessed, creates the contact list
 * named by the description with every contact the import created or modified, then the job is
 * Completed and the user gets `Import of Package "<Description>" Completed Successfully`.
 */
export const completeImportStage: StageHandler = async ({ job, repositories }) => {
  await repositories.processing.complete(job);
  return { next: { stage: 'Completed', status: 'Completed' }, notify: 'success' };
};
