/**
 * A long run of write transactions one after another (Process's batches), which a dialect may
 * serve better than as many unrelated transactions: SQLite copies the log of each one back into
 * the database in a thread of its own (sqlite-checkpoint-thread.ts) instead of in the commit.
 */
export interface TransactionSeries {
  /** Called before each transaction of the series begins. */
  beforeTransaction(): Promise<void>;
  /** Called after each transaction of the series committed. */
  afterCommit(): void;
  /** The series is over (or failed): the connection works as it did before it. */
  close(): Promise<void>;
}

/** What a dialect without such a service gives: nothing changes. */
export const plainTransactions: TransactionSeries = {
  beforeTransaction: async () => {},
  afterCommit: () => {},
  close: async () => {},
};
