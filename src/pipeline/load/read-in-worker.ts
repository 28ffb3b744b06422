import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DovetailError, type ErrorLocation, type PackageErrorCode } from '../../errors/dovetail-error.js';
import type { MappedBatch } from '../map/mapped-record.js';
import type { MappedFile, MappedFileRequest } from './mapped-file.js';
import type { WorkerMessage } from './parse-worker.js';

const workerScript = fileURLToPath(new URL('./parse-worker.js', import.meta.url));

/** The worker runs compiled JavaScript; straight from TypeScript sources (tests) it is not there. */
export function canReadInWorker(): boolean {
  return fs.existsSync(workerScript);
}

/** readMappedFile in a worker thread; the batches arrive while the caller writes the previous ones. */
export function readMappedFileInWorker(request: MappedFileRequest): Promise<MappedFile> {
  const worker = new Worker(workerScript, { workerData: request });
  const queue: WorkerMessage[] = [];
  let failure: Error | undefined;
  let notify: (() => void) | undefined;
  worker.on('message', (message: WorkerMessage) => {
    queue.push(message);
    notify?.();
  });
  worker.on('error', (error) => {
    failure = error;
    notify?.();
  });
  worker.on('exit', (code) => {
    if (code !== 0 && !failure) failure = new Error(`the file reader thread stopped with code ${code}`);
    notify?.();
  });

  const next = async (): Promise<WorkerMessage> => {
    for (;;) {
      const message = queue.shift();
      if (message?.type === 'error') throw toError(message);
      if (message) return message;
      if (failure) throw failure;
      await new Promise<void>((resolve) => (notify = resolve));
    }
  };

  async function* batches(): AsyncGenerator<MappedBatch> {
    try {
      for (;;) {
        const message = await next();
        if (message.type === 'done') return;
        if (message.type !== 'batch') continue;
        worker.postMessage('ack');
        yield JSON.parse(message.json) as MappedBatch;
      }
    } finally {
      await worker.terminate();
    }
  }

  return next().then(
    (message) => {
      if (message.type !== 'meta')
        throw new Error(`unexpected first message from the file reader: ${message.type}`);
      return {
        encoding: message.encoding,
        delimiter: message.delimiter,
        header: message.header,
        batches: batches(),
      };
    },
    async (error) => {
      await worker.terminate();
      throw error;
    },
  );
}

function toError(message: Extract<WorkerMessage, { type: 'error' }>): Error {
  if (message.code) {
    return new DovetailError(
      message.code as PackageErrorCode,
      message.message,
      message.location as ErrorLocation,
    );
  }
  return new Error(message.message);
}
