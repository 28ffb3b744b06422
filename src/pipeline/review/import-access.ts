import type { Repositories } from '../../db/repositories/index.js';
import type { ImportJobRow } from '../../db/schema.js';
import { DovetailError } from '../../errors/dovetail-error.js';
import type { ImportStage } from '../../format/import-stages.js';

/** Who reviews: the import processes they may touch are theirs, or any for administrators. */
export interface ReviewActor {
  id: number;
  isAdmin: boolean;
}

/** The stages where people review and decide. */
export const reviewStages: readonly ImportStage[] = ['Review Staged Data', 'Review Match Results'];

/** The job, if the actor may see it; one they may not see is IMPORT_NOT_FOUND, as if absent. */
export async function visibleJob(
  repositories: Repositories,
  actor: ReviewActor,
  id: number,
): Promise<ImportJobRow> {
  const job = await repositories.importJobs.find(id);
  const visible =
    job && (actor.isAdmin || job.submitted_by_user_id === actor.id || job.on_behalf_of_user_id === actor.id);
  if (!visible) throw new DovetailError('IMPORT_NOT_FOUND', `There is no import process with id ${id}`);
  return job;
}

/** The job waiting for people at one of the stages, or IMPORT_WRONG_STAGE. */
export async function waitingJob(
  repositories: Repositories,
  actor: ReviewActor,
  id: number,
  stages: readonly ImportStage[] = reviewStages,
  what = 'reviewed',
): Promise<ImportJobRow> {
  const job = await visibleJob(repositories, actor, id);
  if (job.status !== 'Waiting for User' || !stages.includes(job.stage as ImportStage)) {
    throw wrongStage(job, stages, what);
  }
  return job;
}

export function wrongStage(job: ImportJobRow, stages: readonly ImportStage[], what: string): DovetailError {
  return new DovetailError(
    'IMPORT_WRONG_STAGE',
    `Import process ${job.id} is at ${job.stage} (${job.status}); it can only be ${what} while Waiting for User at ${stages.join(' or ')}`,
  );
}
