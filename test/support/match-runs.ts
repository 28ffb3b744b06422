import type { App } from '../../src/app/open-app.js';
import { type MatchStageInput, matchStagedContacts } from '../../src/pipeline/match/match-stage.js';

/** A job's Match stage from the start, on the user's behalf, as its handler runs it (options aside). */
export function matchFromStart(
  app: App,
  jobId: number,
  onBehalfOfUserId: number,
  options: Partial<Omit<MatchStageInput, 'jobId' | 'onBehalfOfUserId'>> = {},
) {
  return matchStagedContacts({
    jobId,
    onBehalfOfUserId,
    startAfter: 0,
    repositories: app.repositories,
    ...options,
  });
}
