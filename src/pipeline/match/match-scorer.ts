/**
 * How the Match stage reaches its BatchScorer: in a thread of its own (the default when the
 * stage runs from the build and the machine has a second CPU), so that scoring one batch
 * overlaps the database work of the next and the previous; or in the stage's own thread.
 * Both run the same BatchScorer in the same order, so their results are identical.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  type BatchKeyList,
  BatchScorer,
  type BatchScorerOptions,
  type EstimateRequest,
  type ScoredBatch,
  type ScoreRequest,
} from './batch-scorer.js';
import type { MatchProfile } from './match-profile.js';
import type { MatchModel } from './model/match-model.js';

export interface MatchScorer {
  /** Prepares a batch of staged contacts; resolves to the keys they carry (BatchScorer.key). */
  key(batchId: number, profiles: readonly MatchProfile[]): Promise<BatchKeyList>;
  /** Counts the keys of the whole package, batch by batch, before the first key() (BatchScorer.noteKeys). */
  noteKeys(profiles: readonly MatchProfile[]): Promise<void>;
  /** Estimates the job's model from its first keyed batches and scores with it (BatchScorer.estimateModel). */
  estimateModel(request: EstimateRequest): Promise<MatchModel>;
  score(request: ScoreRequest): Promise<ScoredBatch>;
  /** Staged contacts matched before a resume, for a scorer that remembers the whole package. */
  recall(profiles: readonly MatchProfile[]): Promise<void>;
  close(): Promise<void>;
}

export type ScoringRequest =
  | { id: number; kind: 'key'; batchId: number; profiles: readonly MatchProfile[] }
  | { id: number; kind: 'score'; request: ScoreRequest }
  | { id: number; kind: 'estimate'; request: EstimateRequest }
  | { id: number; kind: 'note'; profiles: readonly MatchProfile[] }
  | { id: number; kind: 'recall'; profiles: readonly MatchProfile[] };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The scorer in the caller's thread: each call runs at once, in call order. */
export class InThreadScorer implements MatchScorer {
  readonly #scorer: BatchScorer;

  constructor(options: BatchScorerOptions) {
    this.#scorer = new BatchScorer(options);
  }

  async key(batchId: number, profiles: readonly MatchProfile[]): Promise<BatchKeyList> {
    return this.#scorer.key(batchId, profiles);
  }

  async noteKeys(profiles: readonly MatchProfile[]): Promise<void> {
    this.#scorer.noteKeys(profiles);
  }

  async estimateModel(request: EstimateRequest): Promise<MatchModel> {
    return this.#scorer.estimateModel(request);
  }

  async score(request: ScoreRequest): Promise<ScoredBatch> {
    return this.#scorer.score(request);
  }

  async recall(profiles: readonly MatchProfile[]): Promise<void> {
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
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (value: never) => void; reject: (error: Error) => void }>();
  #nextId = 1;
  #failure: Error | undefined;

  constructor(options: BatchScorerOptions, threadFile: string) {
    this.#worker = new Worker(threadFile, {
      workerData: options,
      // Scoring makes many short-lived objects; a larger young generation collects them in
      // fewer, cheaper passes (bench:match: about 15% less CPU than the default).
      resourceLimits: { maxYoungGenerationSizeMb: scoringYoungGenerationMb },
    });
    this.#worker.on('message', (reply: { id: number; result?: unknown; error?: string }) => {
      const call = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if (reply.error !== undefined) call?.reject(new Error(`Match scoring thread: ${reply.error}`));
      else call?.resolve(reply.result as never);
    });
    this.#worker.on('error', (error) => this.#fail(error));
    this.#worker.on('exit', (code) =>
      this.#fail(new Error(`Match scoring thread stopped (exit code ${code})`)),
    );
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    for (const call of this.#pending.values()) call.reject(this.#failure);
    this.#pending.clear();
  }

  #call<T>(request: DistributiveOmit<ScoringRequest, 'id'>): Promise<T> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: never) => void, reject });
      this.#worker.postMessage({ ...request, id });
    });
  }

  key(batchId: number, profiles: readonly MatchProfile[]): Promise<BatchKeyList> {
    return this.#call({ kind: 'key', batchId, profiles });
  }

  noteKeys(profiles: readonly MatchProfile[]): Promise<void> {
    return this.#call({ kind: 'note', profiles });
  }

  estimateModel(request: EstimateRequest): Promise<MatchModel> {
    return this.#call({ kind: 'estimate', request });
  }

  score(request: ScoreRequest): Promise<ScoredBatch> {
    return this.#call({ kind: 'score', request });
  }

  recall(profiles: readonly MatchProfile[]): Promise<void> {
    return this.#call({ kind: 'recall', profiles });
  }

  async close(): Promise<void> {
    this.#worker.removeAllListeners('exit');
    await this.#worker.terminate();
  }
}

/**
 * The compiled thread entry. Run from the build it sits beside this module; run from the
 * sources (the test runner) it is the build's copy, which only exists after `npm run build`.
 */
export function scoringThreadFile(): string | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const sources = `${path.sep}src${path.sep}`;
  const at = here.lastIndexOf(sources);
  const inBuild =
    at >= 0 ? path.join(here.slice(0, at), 'dist', here.slice(at + sources.length), 'scoring-thread.js') : '';
  return [path.join(here, 'scoring-thread.js'), inBuild].find((file) => file !== '' && fs.existsSync(file));
}

export type ScoringMode = 'thread' | 'in-thread';

/**
 * A thread where it pays: from the build, on a machine with more than one CPU. From the sources
 * the build's thread could be older than the code under test, so only an explicit 'thread' uses it.
 */
export function openMatchScorer(options: BatchScorerOptions, mode?: ScoringMode): MatchScorer {
  const threadFile = scoringThreadFile();
  const fromBuild = !fileURLToPath(import.meta.url).endsWith('.ts');
  const wanted = mode ?? (fromBuild && os.availableParallelism() > 1 ? 'thread' : 'in-thread');
  if (wanted === 'in-thread') return new InThreadScorer(options);
  if (!threadFile) throw new Error('The Match scoring thread is not built: run npm run build');
  return new ThreadScorer(options, threadFile);
}
