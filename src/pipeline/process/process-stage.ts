import type { StageHandler } from '../stage-handler.js';
import { processStagedContacts } from './process-staged-contacts.js';

/** Stage "Process": applies the actions, then the job waits at Review Match Results again. */
export const processStage: StageHandler = async ({ job, repositories, config, checkpoint }) => {
  await processStagedContacts({
    job,
    repositories,
    batchSize: config.processBatchRows,
    afterBatch: checkpoint,
  });
  return { next: { stage: 'Review Match Results', status: 'Waiting for User' } };
};
