/**
 * Worker thread entry: reads and maps one file (mapped-file.ts) and posts its batches to the
 * main thread as JSON text, which crosses threads several times faster than structured clone
 * of many small objects. At most two batches are in flight, so memory stays bounded.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DovetailError } from '../../errors/dovetail-error.js';
import { type MappedFileRequest, readMappedFile } from './mapped-file.js';

export type WorkerMessage =
  | { type: 'meta'; encoding: string; delimiter: string; header: string[] }
  | { type: 'batch'; json: string }
  | { type: 'done' }
  | { type: 'error'; code?: string; message: string; location?: object };

const MAX_IN_FLIGHT = 2;
const port = parentPort!;
let credits = MAX_IN_FLIGHT;
let wake: (() => void) | undefined;
port.on('message', () => {
  credits += 1;
  wake?.();
});

async function run(request: MappedFileRequest): Promise<void> {
  const file = await readMappedFile(request);
  port.postMessage({ type: 'meta', encoding: file.encoding, delimiter: file.delimiter, header: file.header });
  for await (const batch of file.batches) {
    while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    credits -= 1;
    port.postMessage({ type: 'batch', json: JSON.stringify(batch) } satisfies WorkerMessage);
  }
  port.postMessage({ type: 'done' } satisfies WorkerMessage);
}

run(workerData as MappedFileRequest).catch((error: unknown) => {
  const message: WorkerMessage =
    error instanceof DovetailError
      ? { type: 'error', code: error.code, message: error.message, location: error.location }
      : { type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  port.postMessage(message);
});
