/**
 * Computes the match index (blocking keys and stored profile) of the contacts a Process batch
 * writes. Computing it was a fifth of the stage thread's CPU at 100,000 creates; in a thread of
 * its own it runs while the stage's thread writes the batch's contacts, collection rows and audit
 * trail, which come before the match index in the batch's writes. A contact is sent as the few
 * fields and columns its index reads (matchIndexSourceOf): copying it costs a fraction of
 * computing its index.
 */
import type { ContactSnapshot } from '../../db/repositories/contact-records.js';
import { builtThreadFile, StageThread, type ThreadMode, threadWanted } from '../stage-thread.js';
import { type IndexedContact, indexContact, matchIndexSourceOf } from './match-index-of.js';

export interface MatchIndexer {
  /** The index of each contact, in order; the snapshots may change once this returns. */
  index(snapshots: readonly ContactSnapshot[]): Promise<IndexedContact[]>;
  close(): Promise<void>;
}

/** In the stage's thread: a machine with one CPU, or the sources (tests). */
export class InThreadIndexer implements MatchIndexer {
  async index(snapshots: readonly ContactSnapshot[]): Promise<IndexedContact[]> {
    // The same source the thread is sent, so both ways compute from the same columns.
    return snapshots.map((snapshot) => indexContact(matchIndexSourceOf(snapshot)));
  }

  async close(): Promise<void> {}
}

export class ThreadIndexer implements MatchIndexer {
  readonly #thread: StageThread;

  constructor(threadFile: string) {
    this.#thread = new StageThread(threadFile, 'Process indexing thread');
  }

  index(snapshots: readonly ContactSnapshot[]): Promise<IndexedContact[]> {
    return this.#thread.call({ sources: snapshots.map(matchIndexSourceOf) });
  }

  close(): Promise<void> {
    return this.#thread.close();
  }
}

export type IndexingMode = ThreadMode;

/** Where the index is computed: a thread where it pays (threadWanted), else the stage's own thread. */
export function openMatchIndexer(mode?: IndexingMode): MatchIndexer {
  if (threadWanted(import.meta.url, mode) === 'in-thread') return new InThreadIndexer();
  const threadFile = builtThreadFile(import.meta.url, 'match-index-thread.js');
  if (!threadFile) throw new Error('The Process indexing thread is not built: run npm run build');
  return new ThreadIndexer(threadFile);
}
