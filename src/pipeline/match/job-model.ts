/**
 * The match model a job scores with: estimated once, when its Match starts, from a sample of its
 * staged contacts and the candidates they meet (model-sample.ts; the stage's scorer estimates it
 * from the first batches it prepares anyway), stored on the job before the first batch is
 * committed, and read back when the stage resumes, so a crash or a second worker never scores
 * half a job with another model. A rerun from the start estimates again from the same data,
 * which gives the same model (the estimate is deterministic).
 */
import type { ImportJobsRepository } from '../../db/repositories/import-jobs.repository.js';
import type { MatchStageInput } from './match-stage.js';
import { matchModelFromJson, matchModelToJson } from './model/match-model.js';

export interface JobModelInput {
  jobId: number;
  /** The job's stage cursor: above 0, the stage resumes and keeps the model it stored. */
  startAfter: number;
  repositories: { importJobs: ImportJobsRepository };
}

/** What the Match stage is told of the job's model: the stored one, or to estimate and store it. */
export type JobModelPlan = Pick<MatchStageInput, 'model' | 'keepEstimatedModel'>;

/** @example await matchStagedContacts({ …, ...(await jobModelPlan({ jobId, startAfter, repositories })) }) */
export async function jobModelPlan(input: JobModelInput): Promise<JobModelPlan> {
  const { importJobs } = input.repositories;
  if (input.startAfter > 0) return { model: matchModelFromJson(await importJobs.matchModelOf(input.jobId)) };
  return {
    keepEstimatedModel: (model) => importJobs.saveMatchModel(input.jobId, matchModelToJson(model) ?? null),
  };
}
