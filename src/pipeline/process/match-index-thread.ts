/**
 * The thread that computes the match index (blocking keys and stored profile text) of the
 * contacts a Process batch writes, while the stage's thread writes the batch's other rows
 * (match-indexer.ts). Its requests are answered in order.
 */
import { parentPort } from 'node:worker_threads';
import { indexContact, type MatchIndexSource } from './match-index-of.js';

parentPort!.on('message', ({ id, sources }: { id: number; sources: MatchIndexSource[] }) => {
  try {
    parentPort!.postMessage({ id, result: sources.map(indexContact) });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
