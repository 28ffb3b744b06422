/**
 * WAL checkpoints of a series of write transactions (Process's batches) in a thread of their own.
 *
 * By default the connection that commits a transaction pushing the write-ahead log past 1,000
 * pages copies the log back into the database file itself (a checkpoint), with an fsync of the
 * log and of the database, before its commit returns. A Process transaction changes thousands of
 * pages, so every commit waited for a checkpoint: 3.3 of 23 s of wall time at 100,000 creates on
 * a shared machine (the fsyncs mostly wait, they cost little CPU). During a series the committing connection does not checkpoint (wal_autocheckpoint 0)
 * and this thread's own connection runs a PASSIVE checkpoint after each commit, while the next
 * transaction is being planned and written.
 *
 * Durability is unchanged: a commit is the same log write as before (journal_mode WAL,
 * synchronous NORMAL), and a checkpoint only copies committed pages from the log into the
 * database. A process killed during one leaves the log whole; the next connection to open the
 * database reads it (or checkpoints it) as after any crash.
 *
 * The log only starts afresh when a transaction begins with the whole log checkpointed. So that
 * it does not grow with the series, a transaction that would begin with the log past
 * `maxLogFrames` first waits for the checkpoints asked for and one more, while nothing writes.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Database as SqliteConnection } from 'better-sqlite3';
import type { TransactionSeries } from '../transaction-series.js';

/**
 * Log pages (of the 4 KiB page size) past which a transaction waits for the log to be copied back:
 * 256 MiB, about four Process transactions of 5,000 creates. The log file keeps the largest size it
 * reached (as it did before, at about one transaction's size).
 */
export const maxLogFrames = 65_536;

interface CheckpointReply {
  error?: string;
}

/**
 * The thread's code, plain JavaScript run from this text: it is the same from the sources (the
 * tests), the build and the CLI bundle, with no file of its own to locate.
 */
const threadSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverModule);
const connection = new Database(workerData.file);
connection.pragma('busy_timeout = 10000');
parentPort.on('message', (message) => {
  if (message === 'close') {
    connection.close();
    parentPort.close();
    return;
  }
  try {
    connection.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({});
  } catch (error) {
    parentPort.postMessage({ error: String(error) });
  }
});
`;

/** The connection's series under way: while there is one, commits on it do not checkpoint. */
const seriesOpen = new WeakMap<SqliteConnection, number>();

export class SqliteCheckpointThread implements TransactionSeries {
  readonly #connection: SqliteConnection;
  readonly #worker: Worker;
  readonly #exited: Promise<void>;
  readonly #maxLogFrames: number;
  /** Replies awaited, in the order the checkpoints were asked for. */
  readonly #waiting: Array<(reply: CheckpointReply) => void> = [];
  /** The checkpoint asked for last: it ends after every one asked for before it. */
  #latest: Promise<void> = Promise.resolve();
  #failed = false;
  #closed = false;
  #released = false;

  /** A series on this connection, or undefined when its database has no log to checkpoint. */
  static open(
    connection: SqliteConnection,
    options: { maxLogFrames?: number } = {},
  ): SqliteCheckpointThread | undefined {
    if (connection.memory) return undefined;
    if (connection.pragma('journal_mode', { simple: true }) !== 'wal') return undefined;
    return new SqliteCheckpointThread(connection, options.maxLogFrames ?? maxLogFrames);
  }

  private constructor(connection: SqliteConnection, maxLogFramesOfSeries: number) {
    this.#connection = connection;
    this.#maxLogFrames = maxLogFramesOfSeries;
    this.#worker = new Worker(threadSource, {
      eval: true,
      workerData: {
        file: connection.name,
        driverModule: createRequire(import.meta.url).resolve('better-sqlite3'),
      },
      // It holds a connection and small replies: a small heap keeps the process's peak memory.
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 },
    });
    this.#worker.on('message', (reply: CheckpointReply) => this.#waiting.shift()?.(reply));
    this.#worker.on('error', () => this.#fail());
    this.#exited = new Promise((resolve) => this.#worker.once('exit', () => resolve()));
    this.#exited.then(() => {
      for (const answer of this.#waiting.splice(0)) answer({ error: 'the checkpoint thread ended' });
    });
    seriesOpen.set(connection, (seriesOpen.get(connection) ?? 0) + 1);
    connection.pragma('wal_autocheckpoint = 0');
  }

  async beforeTransaction(): Promise<void> {
    if (this.#failed) return;
    // NOOP: the log's length, read without copying anything.
    const [state] = this.#connection.pragma('wal_checkpoint(NOOP)') as Array<{ log: number }>;
    if ((state?.log ?? 0) <= this.#maxLogFrames) return;
    // Nothing writes now: this one copies the rest of the log, and the transaction starts it afresh.
    this.#checkpoint();
    await this.#latest;
  }

  afterCommit(): void {
    if (!this.#failed) this.#checkpoint();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#latest;
    this.#release();
    this.#worker.postMessage('close');
    await this.#exited;
  }

  /**
   * Asks the thread for a checkpoint, without waiting for it: the thread runs them in order, and
   * one asked for while another runs copies what the commits since then added.
   */
  #checkpoint(): void {
    this.#latest = new Promise<CheckpointReply>((resolve) => {
      this.#waiting.push(resolve);
      this.#worker.postMessage('checkpoint');
    }).then((reply) => {
      if (reply.error !== undefined) this.#fail();
    });
  }

  /** Without its thread the series checkpoints as any commit does: slower, never lost. */
  #fail(): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#release();
  }

  /** The last series of the connection gives its commits their checkpoints back. */
  #release(): void {
    if (this.#released) return;
    this.#released = true;
    const open = (seriesOpen.get(this.#connection) ?? 1) - 1;
    if (open > 0) {
      seriesOpen.set(this.#connection, open);
      return;
    }
    seriesOpen.delete(this.#connection);
    if (this.#connection.open) this.#connection.pragma('wal_autocheckpoint = 1000');
  }
}
