/**
 * The one place that reads the environment. Defaults make the embedded mode (SQLite in
 * ./data) work with no configuration at all; README.md lists every variable.
 */
import path from 'node:path';
import { z } from 'zod';
import type { CsvLimits } from '../format/csv-limits.js';

const GiB = 1024 ** 3;

/**
 * Match's scoring thread's old generation at most, in MB (DOVETAIL_MATCH_SCORER_HEAP_MB). V8 lets
 * a heap grow up to four times what its last full collection left alive when the limit is 2 GB or
 * more (its default on a large machine), and up to about 1.8 times at 1.5 GB: at 1M against 1M the
 * thread held 300–430 MB alive and its heap still reached 1.68 GB (802 MB with this limit). The
 * scorer holds at most a package of 300,000 staged contacts and 140,000 candidate profiles (about
 * 0.95 KB each) with their keys, about 550 MB, so the limit leaves room for packages far richer
 * than the sample's; past it the stage fails with an error that names the setting, rather than the
 * machine running out of memory.
 */
export const defaultMatchScorerHeapMb = 1536;

const environmentSchema = z.object({
  DOVETAIL_DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().optional(),
  DOVETAIL_MAX_PACKAGE_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(20 * GiB),
  DOVETAIL_MAX_PACKAGE_ENTRIES: z.coerce.number().int().positive().default(1000),
  DOVETAIL_MAX_FILE_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(16 * GiB),
  DOVETAIL_MAX_UNCOMPRESSED_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(64 * GiB),
  DOVETAIL_MAX_COMPRESSION_RATIO: z.coerce.number().positive().default(200),
  DOVETAIL_MAX_LINE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 ** 2),
  DOVETAIL_MAX_FIELD_BYTES: z.coerce
    .number()
    .int()
    .min(256)
    .default(64 * 1024),
  DOVETAIL_ERROR_LOG_LIMIT: z.coerce.number().int().positive().default(500),
  DOVETAIL_STAGE_BATCH_ROWS: z.coerce.number().int().positive().default(2000),
  DOVETAIL_MATCH_BATCH_ROWS: z.coerce.number().int().positive().default(5000),
  DOVETAIL_PROCESS_BATCH_ROWS: z.coerce.number().int().positive().default(5000),
  DOVETAIL_MATCH_SCORER_HEAP_MB: z.coerce.number().int().min(0).default(defaultMatchScorerHeapMb),
  DOVETAIL_JOB_LEASE_SECONDS: z.coerce.number().positive().default(30),
  DOVETAIL_MAX_JOB_ATTEMPTS: z.coerce.number().int().positive().default(3),
  DOVETAIL_JOB_RUNNER: z.enum(['in-process', 'workers']).optional(),
  DOVETAIL_ADMIN_USER: z.string().default('admin'),
  DOVETAIL_ADMIN_PASSWORD: z.string().optional(),
});

export interface Config {
  dataDir: string;
  /** SQLite file used when DATABASE_URL is unset or a sqlite: URL. */
  sqlitePath: string;
  /** A postgres:// or postgresql:// URL selects PostgreSQL; see isPostgresUrl. */
  databaseUrl: string | undefined;
  packagesDir: string;
  archive: {
    maxPackageBytes: number;
    maxEntries: number;
    maxEntryBytes: number;
    maxTotalUncompressedBytes: number;
    maxCompressionRatio: number;
  };
  /**
   * The longest record (line) and value a CSV may have, in bytes. A row over either is refused
   * with its first characters only, and is never held whole in memory.
   */
  csvLimits: CsvLimits;
  /** How many errors the error log shows; the total is always counted and all are kept. */
  errorLogLimit: number;
  /** Rows per staging transaction: the unit of progress and of crash recovery. */
  stageBatchRows: number;
  /**
   * Staged contacts per Match stage transaction. Larger than stageBatchRows: each batch's blocking
   * keys land all over their index, so a commit writes most of its pages whatever the batch size,
   * and fewer commits write them fewer times.
   */
  matchBatchRows: number;
  /**
   * Staged contacts per Process transaction. Each created or merged contact adds blocking keys
   * all over their index, so, as for Match, fewer commits write those pages fewer times (500 a
   * batch spent a fifth of a 100,000-contact Process committing); a batch's transaction holds
   * SQLite's write lock for about half a second.
   */
  processBatchRows: number;
  /**
   * The old generation of Match's scoring thread at most, in MB (0: V8's own limit, about 4 GB
   * here). See defaultMatchScorerHeapMb.
   */
  matchScorerHeapMb: number;
  jobLeaseSeconds: number;
  /**
   * Runs of one stage in a row that may die with their process (lease run out, nothing committed)
   * before the job is failed instead of taken over again: a job that kills its worker every time
   * (out of memory, a native crash) must not be retried forever.
   */
  maxJobAttempts: number;
  /**
   * Who runs the background stages of jobs: `in-process` (the server runs them itself and the CLI
   * starts a background process; the default on SQLite) or `workers` (jobs wait in the database
   * for `dovetail worker` processes; the default on PostgreSQL).
   */
  jobRunner: 'in-process' | 'workers';
  adminUserName: string;
  /** The administrator's first password; unset: `dovetail serve` generates one and prints it once. */
  adminPassword: string | undefined;
}

/** Whether a DATABASE_URL selects PostgreSQL rather than the embedded SQLite database. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const env = environmentSchema.parse(environment);
  const dataDir = path.resolve(env.DOVETAIL_DATA_DIR);
  if (env.DATABASE_URL && !env.DATABASE_URL.startsWith('sqlite:') && !isPostgresUrl(env.DATABASE_URL)) {
    throw new Error(
      'DATABASE_URL must be a PostgreSQL URL (postgres://user@host:5432/database) or sqlite:<path>; unset it to use the embedded SQLite database.',
    );
  }
  const sqliteFromUrl = env.DATABASE_URL?.startsWith('sqlite:')
    ? env.DATABASE_URL.replace(/^sqlite:(\/\/)?/, '')
    : undefined;
  return {
    dataDir,
    sqlitePath: sqliteFromUrl ? path.resolve(sqliteFromUrl) : path.join(dataDir, 'dovetail.sqlite'),
    databaseUrl: env.DATABASE_URL,
    packagesDir: path.join(dataDir, 'packages'),
    archive: {
      maxPackageBytes: env.DOVETAIL_MAX_PACKAGE_BYTES,
      maxEntries: env.DOVETAIL_MAX_PACKAGE_ENTRIES,
      maxEntryBytes: env.DOVETAIL_MAX_FILE_BYTES,
      maxTotalUncompressedBytes: env.DOVETAIL_MAX_UNCOMPRESSED_BYTES,
      maxCompressionRatio: env.DOVETAIL_MAX_COMPRESSION_RATIO,
    },
    csvLimits: {
      maxLineBytes: env.DOVETAIL_MAX_LINE_BYTES,
      maxFieldBytes: Math.min(env.DOVETAIL_MAX_FIELD_BYTES, env.DOVETAIL_MAX_LINE_BYTES),
    },
    errorLogLimit: env.DOVETAIL_ERROR_LOG_LIMIT,
    stageBatchRows: env.DOVETAIL_STAGE_BATCH_ROWS,
    matchBatchRows: env.DOVETAIL_MATCH_BATCH_ROWS,
    processBatchRows: env.DOVETAIL_PROCESS_BATCH_ROWS,
    matchScorerHeapMb: env.DOVETAIL_MATCH_SCORER_HEAP_MB,
    jobLeaseSeconds: env.DOVETAIL_JOB_LEASE_SECONDS,
    maxJobAttempts: env.DOVETAIL_MAX_JOB_ATTEMPTS,
    jobRunner:
      env.DOVETAIL_JOB_RUNNER ??
      (env.DATABASE_URL && isPostgresUrl(env.DATABASE_URL) ? 'workers' : 'in-process'),
    adminUserName: env.DOVETAIL_ADMIN_USER,
    adminPassword: env.DOVETAIL_ADMIN_PASSWORD || undefined,
  };
}
