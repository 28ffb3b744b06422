/**
 * A stage's helper thread (Match's scoring, Process's indexing): requests posted with an id and
 * answered in order as `{ id, result }` or `{ id, error }`; a thread that dies fails every call
 * waiting on it and every later one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

export type ThreadMode = 'thread' | 'in-thread';

export class StageThread {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (value: never) => void; reject: (error: Error) => void }>();
  #nextId = 1;
  #failure: Error | undefined;

  /**
   * `name` says which thread failed in its errors ("Match scoring thread"); `heapSetting` names
   * the setting that sets `options.resourceLimits.maxOldGenerationSizeMb`, for the error of a
   * thread that reaches it.
   */
  constructor(threadFile: string, name: string, options: WorkerOptions = {}, heapSetting?: string) {
    this.#worker = new Worker(threadFile, options);
    this.#worker.on('message', (reply: { id: number; result?: unknown; error?: string }) => {
      const call = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if (reply.error !== undefined) call?.reject(new Error(`${name}: ${reply.error}`));
      else call?.resolve(reply.result as never);
    });
    this.#worker.on('error', (error) => {
      const limit = options.resourceLimits?.maxOldGenerationSizeMb;
      if ((error as { code?: string }).code !== 'ERR_WORKER_OUT_OF_MEMORY' || limit === undefined)
        return this.#fail(error);
      this.#fail(
        new Error(
          `${name} ran out of memory: it reached its limit of ${limit} MB` +
            (heapSetting ? ` (${heapSetting}; raise it, or 0 for no limit of Dovetail's own)` : ''),
        ),
      );
    });
    this.#worker.on('exit', (code) => this.#fail(new Error(`${name} stopped (exit code ${code})`)));
  }

  /** Posts `request` with an id of its own; resolves to the thread's result. */
  call<T>(request: object): Promise<T> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: never) => void, reject });
      this.#worker.postMessage({ ...request, id });
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
 * The compiled thread entry `fileName` of the module at `moduleUrl` (its import.meta.url). Run
 * from the build it sits beside that module; run from the sources (the test runner) it is the
 * build's copy, which only exists after `npm run build`.
 */
export function builtThreadFile(moduleUrl: string, fileName: string): string | undefined {
  const here = path.dirname(fileURLToPath(moduleUrl));
  const sources = `${path.sep}src${path.sep}`;
  const at = here.lastIndexOf(sources);
  const inBuild =
    at >= 0 ? path.join(here.slice(0, at), 'dist', here.slice(at + sources.length), fileName) : '';
  return [path.join(here, fileName), inBuild].find((file) => file !== '' && fs.existsSync(file));
}

/**
 * A thread where it pays: from the build, on a machine with more than one CPU. From the sources
 * the build's thread could be older than the code under test, so only an explicit 'thread' uses it.
 */
export function threadWanted(moduleUrl: string, mode?: ThreadMode): ThreadMode {
  const fromBuild = !fileURLToPath(moduleUrl).endsWith('.ts');
  return mode ?? (fromBuild && os.availableParallelism() > 1 ? 'thread' : 'in-thread');
}
