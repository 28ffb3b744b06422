/**
 * Computes the match index (blocking keys and stored profile) of the contacts a Process batch
 * writes. Computing it was a fifth of the stage thread's CPU at 100,000 creates; in a thread of
 * its own it runs while the stage's thread writes the batch's contacts, collection rows and audit
 * trail, which come before the match index in the batch's writes. A contact is sent as the few
 * fields and columns its index reads (matchIndexSourceOf): copying it costs a fraction of
 * computing its index.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ContactSnapshot } from '../../db/repositories/contact-records.js';
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
  readonly #worker: Worker;
  readonly #pending = new Map<
    number,
    { resolve: (indexed: IndexedContact[]) => void; reject: (error: Error) => void }
  >();
  #nextId = 1;
  #failure: Error | undefined;

  constructor(threadFile: string) {
    this.#worker = new Worker(threadFile);
    this.#worker.on('message', (reply: { id: number; indexed?: IndexedContact[]; error?: string }) => {
      const call = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if (reply.error !== undefined) call?.reject(new Error(`Process indexing thread: ${reply.error}`));
      else call?.resolve(reply.indexed!);
    });
    this.#worker.on('error', (error) => this.#fail(error));
    this.#worker.on('exit', (code) =>
      this.#fail(new Error(`Process indexing thread stopped (exit code ${code})`)),
    );
  }

  index(snapshots: readonly ContactSnapshot[]): Promise<IndexedContact[]> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    const sources = snapshots.map(matchIndexSourceOf);
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ id, sources });
    });
  }

  async close(): Promise<void> {
    this.#worker.removeAllListeners('exit');
    await this.#worker.terminate();
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    for (const call of this.#pending.values()) call.reject(this.#failure);
    this.#pending.clear();
  }
}

/**
 * The compiled thread entry. Run from the build it sits beside this module; run from the
 * sources (the test runner) it is the build's copy, which only exists after `npm run build`.
 */
export function indexingThreadFile(): string | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const sources = `${path.sep}src${path.sep}`;
  const at = here.lastIndexOf(sources);
  const inBuild =
    at >= 0
      ? path.join(here.slice(0, at), 'dist', here.slice(at + sources.length), 'match-index-thread.js')
      : '';
  return [path.join(here, 'match-index-thread.js'), inBuild].find(
    (file) => file !== '' && fs.existsSync(file),
  );
}

export type IndexingMode = 'thread' | 'in-thread';

/**
 * A thread where it pays: from the build, on a machine with more than one CPU. From the sources
 * the build's thread could be older than the code under test, so only an explicit 'thread' uses it.
 */
export function openMatchIndexer(mode?: IndexingMode): MatchIndexer {
  const fromBuild = !fileURLToPath(import.meta.url).endsWith('.ts');
  const wanted = mode ?? (fromBuild && os.availableParallelism() > 1 ? 'thread' : 'in-thread');
  if (wanted === 'in-thread') return new InThreadIndexer();
  const threadFile = indexingThreadFile();
  if (!threadFile) throw new Error('The Process indexing thread is not built: run npm run build');
  return new ThreadIndexer(threadFile);
}
