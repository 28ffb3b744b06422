/**
 * Entry of the Match stage's scoring thread: a BatchScorer behind a message port. Requests are
 * handled one at a time in the order they were posted, which is the order match-stage.ts relies
 * on (a batch is keyed before it is scored).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BatchScorer, type BatchScorerOptions } from './batch-scorer.js';
import type { ScoringRequest } from './match-scorer.js';

const port = parentPort;
if (!port) throw new Error('scoring-thread.js runs as a worker thread only');
const scorer = new BatchScorer(workerData as BatchScorerOptions);

port.on('message', (request: ScoringRequest) => {
  try {
    const result =
      request.kind === 'key'
        ? scorer.key(request.batchId, request.profiles)
        : request.kind === 'score'
          ? scorer.score(request.request)
          : request.kind === 'estimate'
            ? scorer.estimateModel(request.request)
            : request.kind === 'note'
              ? scorer.noteKeys(request.profiles)
              : scorer.recall(request.profiles);
    port.postMessage({ id: request.id, result });
  } catch (error) {
    port.postMessage({
      id: request.id,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
});
