import { importCompletedText } from '../../format/notification-texts.js';
import type { StageHandler } from '../stage-handler.js';

/**
 * Stage "Completed" while Running: discards what is still unprocessed, creates the contact list
 * named by the description with every contact the import created or modified, then the job is
 * Completed and the user gets an alarm of its own naming the list and its size (loading the
 * package already sent `Import of Package "<Description>" Completed Successfully`).
 */
export const completeImportStage: StageHandler = async ({ job, repositories }) => {
  await repositories.processing.complete(job);
  const listId = (await repositories.importJobs.find(job.id))?.contact_list_id ?? null;
  const { list } = await repositories.processing.reportFigures(job.id, listId);
  return {
    next: { stage: 'Completed', status: 'Completed' },
    notify: 'success',
    notifyText: importCompletedText(job.description, list ?? { name: job.description, size: 0 }),
  };
};
