/**
 * How the Match stage reaches its BatchScorer: in a thread of its own (the default when the
 * stage runs from the build and the machine has a second CPU), so that scoring one batch
 * overlaps the database work of the next and the previous; or in the stage's own thread.
 * Both run the same BatchScorer in the same order, so their results are identical.
 */
import { defaultMatchScorerHeapMb } from '../../config/config.js';
import type { ProfileTexts } from '../../format/match-profile.js';
import { builtThreadFile, StageThread, type ThreadMode, threadWanted } from '../stage-thread.js';
import {
  type BatchKeyList,
  BatchScorer,
  type BatchScorerOptions,
  type EstimateRequest,
  type ScoredBatch,
  type ScoreRequest,
} from './batch-scorer.js';
import type { MatchModel } from './model/match-model.js';

export interface MatchScorer {
  /** Prepares a batch of staged contacts; resolves to the keys they carry (BatchScorer.key). */
  key(batchId: number, profiles: ProfileTexts): Promise<BatchKeyList>;
  /** Counts the keys of the whole package, batch by batch, before the first key() (BatchScorer.noteKeys). */
  noteKeys(profiles: ProfileTexts): Promise<void>;
  /** Estimates the job's model from its first keyed batches and scores with it (BatchScorer.estimateModel). */
  estimateModel(request: EstimateRequest): Promise<MatchModel>;
  score(request: ScoreRequest): Promise<ScoredBatch>;
  /** Staged contacts matched before a resume, for a scorer that remembers the whole package. */
  recall(profiles: ProfileTexts): Promise<void>;
  close(): Promise<void>;
}

export type ScoringRequest =
  | { id: number; kind: 'key'; batchId: number; profiles: ProfileTexts }
  | { id: number; kind: 'score'; request: ScoreRequest }
  | { id: number; kind: 'estimate'; request: EstimateRequest }
  | { id: number; kind: 'note'; profiles: ProfileTexts }
  | { id: number; kind: 'recall'; profiles: ProfileTexts };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The scorer in the caller's thread: each call runs at once, in call order. */
export class InThreadScorer implements MatchScorer {
  readonly #scorer: BatchScorer;

  constructor(options: BatchScorerOptions) {
    this.#scorer = new BatchScorer(options);
  }

  async key(batchId: number, profiles: ProfileTexts): Promise<BatchKeyList> {
    return this.#scorer.key(batchId, profiles);
  }

  async noteKeys(profiles: ProfileTexts): Promise<void> {
    this.#scorer.noteKeys(profiles);
  }

  async estimateModel(request: EstimateRequest): Promise<MatchModel> {
    return this.#scorer.estimateModel(request);
  }

  async score(request: ScoreRequest): Promise<ScoredBatch> {
    return this.#scorer.score(request);
  }

  async recall(profiles: ProfileTexts): Promise<void> {
    this.#scorer.recall(profiles);
  }

  async close(): Promise<void> {}
}

/**
 * The scoring thread's young generation. Scoring makes many short-lived objects; since package
 * mates and name pairs live in typed arrays, 48 MB took less CPU and memory than 96 (docs/matching.md).
 */
const scoringYoungGenerationMb = 48;

/** The scorer in a worker thread; calls are queued and answered in order. */
export class ThreadScorer implements MatchScorer {
  readonly #thread: StageThread;

  constructor(options: BatchScorerOptions, threadFile: string, heapMb = defaultMatchScorerHeapMb) {
    this.#thread = new StageThread(
      threadFile,
      'Match scoring thread',
      {
        workerData: options,
        resourceLimits: {
          // Scoring makes many short-lived objects; a larger young generation collects them in
          // fewer, cheaper passes (bench:match: about 15% less CPU than the default).
          maxYoungGenerationSizeMb: scoringYoungGenerationMb,
          ...(heapMb > 0 ? { maxOldGenerationSizeMb: heapMb } : {}),
        },
      },
      'DOVETAIL_MATCH_SCORER_HEAP_MB',
    );
  }

  #call<T>(request: DistributiveOmit<ScoringRequest, 'id'>): Promise<T> {
    return this.#thread.call<T>(request);
  }

  key(batchId: number, profiles: ProfileTexts): Promise<BatchKeyList> {
    return this.#call({ kind: 'key', batchId, profiles });
  }

  noteKeys(profiles: ProfileTexts): Promise<void> {
    return this.#call({ kind: 'note', profiles });
  }

  estimateModel(request: EstimateRequest): Promise<MatchModel> {
    return this.#call({ kind: 'estimate', request });
  }

  score(request: ScoreRequest): Promise<ScoredBatch> {
    return this.#call({ kind: 'score', request });
  }

  recall(profiles: ProfileTexts): Promise<void> {
    return this.#call({ kind: 'recall', profiles });
  }

  close(): Promise<void> {
    return this.#thread.close();
  }
}

export type ScoringMode = ThreadMode;

/** The compiled scoring thread entry (builtThreadFile). */
export const scoringThreadFile = (): string | undefined =>
  builtThreadFile(import.meta.url, 'scoring-thread.js');

/** Where scoring runs: a thread where it pays (threadWanted), else the stage's own thread. */
export function openMatchScorer(
  options: BatchScorerOptions,
  mode?: ScoringMode,
  /** The thread's old generation at most, in MB (defaultMatchScorerHeapMb; 0: V8's own limit). */
  heapMb?: number,
): MatchScorer {
  if (threadWanted(import.meta.url, mode) === 'in-thread') return new InThreadScorer(options);
  const threadFile = scoringThreadFile();
  if (!threadFile) throw new Error('The Match scoring thread is not built: run npm run build');
  return new ThreadScorer(options, threadFile, heapMb);
}
