import type { Database as SqliteConnection } from 'better-sqlite3';

/**
 * How long a writer waits for SQLite's write lock before it gives up with SQLITE_BUSY: the
 * connection's busy_timeout, set to this when it opens. Here it bounds this module's own wait.
 */
export const writeLockWaitMs = 10_000;
/**
 * A writer waiting for the lock asks again this often. SQLite's own wait (busy_timeout) sleeps
 * longer and longer between tries, up to 100 ms, and so missed every gap a long run of
 * transactions left: during a 100,000-contact Process a write from another process waited 2 to
 * 6 seconds for the lock, and one in a few gave up after 10.
 */
const askEveryMs = 1;
/**
 * A connection that has written transaction after transaction for this long (a stage's batches)
 * pauses before its next one for pauseMs, so that writers of other processes waiting for the
 * lock (a Cancel, an edit, another import's worker) get their turn: the long run slows by about
 * 2 % and nobody waits for it to end.
 */
const pauseAfterMs = 250;
const pauseMs = 5;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const pauseThread = new Int32Array(new SharedArrayBuffer(4));

function isBusy(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'SQLITE_BUSY';
}

/**
 * SQLite's one write lock, as one connection of this process takes it: every writer here asks
 * for it often while it waits, and a connection in a long run of transactions lets others in
 * now and then. Transactions begin IMMEDIATE (see ImmediateTransactionsDriver in sqlite.ts).
 */
export class SqliteWriteLock {
  readonly #connection: SqliteConnection;
  /** When this connection's last transaction ended, and when its current run of transactions began. */
  #lastEnd = Number.NEGATIVE_INFINITY;
  #runStart = 0;

  constructor(connection: SqliteConnection) {
    this.#connection = connection;
  }

  /**
   * Begins an IMMEDIATE transaction, waiting for the lock without blocking the event loop; once
   * it resolves the transaction is open. Call ended() when it commits or rolls back.
   */
  async begin(): Promise<void> {
    await this.#takeTurn();
    const deadline = Date.now() + this.#waitLimitMs();
    while (!this.#tryBegin()) {
      // The last try's own error (SQLITE_BUSY), as SQLite's wait would have ended.
      if (Date.now() > deadline) this.#withoutSqliteWait(() => this.#connection.exec('begin immediate'));
      await sleep(askEveryMs);
    }
  }

  /**
   * Runs `transaction` synchronously inside an IMMEDIATE transaction, committed when it returns
   * and rolled back when it throws. The lock is waited for before the transaction begins, so the
   * caller must keep other users of the connection out meanwhile (SqliteBatchInserter holds it).
   */
  async inTransaction<T>(transaction: () => T): Promise<T> {
    await this.begin();
    try {
      const result = transaction();
      this.#connection.exec('commit');
      return result;
    } catch (error) {
      if (this.#connection.inTransaction) this.#connection.exec('rollback');
      throw error;
    } finally {
      this.ended();
    }
  }

  /** The transaction begun by begin() committed or rolled back. */
  ended(): void {
    this.#lastEnd = Date.now();
  }

  /**
   * Runs one write outside a transaction (it takes the lock for itself alone), asking for the
   * lock every millisecond for up to busy_timeout. Synchronous, as SQLite's own wait is.
   */
  writeAlone<T>(write: () => T): T {
    const deadline = Date.now() + this.#waitLimitMs();
    for (;;) {
      try {
        return this.#withoutSqliteWait(write);
      } catch (error) {
        if (!isBusy(error) || Date.now() > deadline) throw error;
        Atomics.wait(pauseThread, 0, 0, askEveryMs);
      }
    }
  }

  /** Pauses a long run of back-to-back transactions now and then (pauseAfterMs). */
  async #takeTurn(): Promise<void> {
    const now = Date.now();
    if (now - this.#lastEnd > pauseMs) {
      this.#runStart = now;
    } else if (now - this.#runStart > pauseAfterMs) {
      await sleep(pauseMs);
      this.#runStart = Date.now();
    }
  }

  #tryBegin(): boolean {
    try {
      this.#withoutSqliteWait(() => this.#connection.exec('begin immediate'));
      return true;
    } catch (error) {
      if (isBusy(error)) return false;
      throw error;
    }
  }

  /** The connection's busy_timeout: how long its writers wait (writeLockWaitMs unless changed). */
  #waitLimitMs(): number {
    return Number(this.#connection.pragma('busy_timeout', { simple: true }));
  }

  /** Runs `work` with SQLite's own busy wait off: it fails at once when the lock is taken. */
  #withoutSqliteWait<T>(work: () => T): T {
    const waitLimit = this.#waitLimitMs();
    this.#connection.pragma('busy_timeout = 0');
    try {
      return work();
    } finally {
      this.#connection.pragma(`busy_timeout = ${waitLimit}`);
    }
  }
}
