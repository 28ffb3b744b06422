/**
 * Stage "Load Package": package → parse → map/validate → stage, streaming file by file.
 * Progress is committed with every batch, so calling this again after a crash continues
 * right after the last committed line of the file it was in.
 *
 * With file leases (the job runner passes them), several workers load one package at once: the
 * job's runner loads the contact files one after another (duplicate keys are settled against what
 * is staged), then any worker may take a child file (`loadOneFile`), and the runner waits until
 * every file is loaded. Each file has one writer at a time; a batch whose writer lost the file's
 * lease is rolled back (StaleBatchError), so no line is staged twice.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Config } from '../../config/config.js';
import type { Repositories } from '../../db/repositories/index.js';
import { isContactDataType } from '../../format/attributes.js';
import { type OpenedPackage, openPackage, type PackageFile } from '../package/open-package.js';
import { StagingWriter } from '../stage/staging-writer.js';
import { type MappedFileRequest, readMappedFile } from './mapped-file.js';

export interface LoadPackageInput {
  jobId: number;
  packagePath: string;
  repositories: Repositories;
  config: Pick<Config, 'archive' | 'stageBatchRows'> & Partial<Pick<Config, 'csvLimits'>>;
  /** Runs after every committed batch (and while waiting for other workers); throwing stops the load. */
  afterBatch?: () => Promise<void>;
  /** Lease files to this worker, so other workers may load the package's other files meanwhile. */
  fileLeases?: { owner: string; leaseSeconds: number };
}

export async function loadPackage(input: LoadPackageInput): Promise<void> {
  const { jobId, repositories } = input;
  const opened = await openPackage(input.packagePath, input.config.archive);
  try {
    await repositories.importJobs.planFiles(
      jobId,
      opened.files.map((file, position) => ({
        fileName: file.csv,
        mappingName: file.mappingName,
        dataType: file.mapping.dataType,
        position,
        uncompressedBytes: file.uncompressedBytes,
      })),
    );
    if (input.fileLeases) return await loadSharedFiles(input, opened, input.fileLeases);
    const progress = await fileProgress(input);
    for (const file of opened.files) {
      if (progress.get(file.csv)?.state === 'done') continue;
      await loadFile(input, opened, file, progress.get(file.csv));
      await repositories.importJobs.markFileDone(jobId, file.csv);
    }
  } finally {
    opened.archive.close();
  }
}

/**
 * Loads one child file of a package another worker's runner is loading; false when the file
 * was taken meanwhile. The runner ends the stage once every file is loaded.
 */
export async function loadOneFile(
  input: LoadPackageInput & { fileName: string; fileLeases: { owner: string; leaseSeconds: number } },
): Promise<boolean> {
  const opened = await openPackage(input.packagePath, input.config.archive);
  try {
    const file = opened.files.find((candidate) => candidate.csv === input.fileName);
    if (!file) return false;
    return await loadLeasedFile(input, opened, file, input.fileLeases);
  } finally {
    opened.archive.close();
  }
}

async function loadSharedFiles(
  input: LoadPackageInput,
  opened: OpenedPackage,
  lease: { owner: string; leaseSeconds: number },
): Promise<void> {
  for (;;) {
    const progress = await fileProgress(input);
    const pending = opened.files.filter((file) => progress.get(file.csv)?.state !== 'done');
    if (pending.length === 0) return;
    const contactsPending = pending.some((file) => isContactDataType(file.mapping.dataType));
    let loaded = false;
    for (const file of pending) {
      if (contactsPending && !isContactDataType(file.mapping.dataType)) break;
      if (await loadLeasedFile(input, opened, file, lease)) {
        loaded = true;
        break;
      }
    }
    if (!loaded) {
      // Other workers hold the remaining files: wait for them, still checking this runner holds the job.
      await input.afterBatch?.();
      await delay(Math.min(1000, lease.leaseSeconds * 250));
    }
  }
}

/** Takes the file's lease, loads it from its last committed line, marks it loaded. */
async function loadLeasedFile(
  input: LoadPackageInput,
  opened: OpenedPackage,
  file: PackageFile,
  lease: { owner: string; leaseSeconds: number },
): Promise<boolean> {
  const { jobId, repositories } = input;
  if (!(await repositories.fileLeases.claim(jobId, file.csv, lease.owner, lease.leaseSeconds))) return false;
  const heartbeat = setInterval(
    () => {
      repositories.fileLeases.renew(jobId, file.csv, lease.owner, lease.leaseSeconds).catch(() => {
        // Retried on the next beat; a batch of a writer that lost the file is rolled back anyway.
      });
    },
    Math.max(200, (lease.leaseSeconds * 1000) / 3),
  );
  heartbeat.unref();
  try {
    // Read after taking the lease: a previous holder may have committed more meanwhile.
    const progress = (await fileProgress(input)).get(file.csv);
    await loadFile(input, opened, file, progress, lease.owner);
    await repositories.fileLeases.finish(jobId, file.csv, lease.owner);
    return true;
  } catch (error) {
    // Stopped (cancelled, worker stopping, a problem): the file is free for the next runner at once.
    await repositories.fileLeases.release(jobId, file.csv, lease.owner).catch(() => {});
    throw error;
  } finally {
    clearInterval(heartbeat);
  }
}

async function fileProgress(input: LoadPackageInput) {
  const rows = await input.repositories.importJobs.files(input.jobId);
  return new Map(rows.map((row) => [row.file_name, row]));
}

async function loadFile(
  input: LoadPackageInput,
  opened: OpenedPackage,
  file: PackageFile,
  progress: { lines_committed: number; bytes_done: number } | undefined,
  fileLeaseOwner?: string,
): Promise<void> {
  const { jobId, repositories, config } = input;
  const request: MappedFileRequest = {
    packagePath: input.packagePath,
    limits: config.archive,
    csv: file.csv,
    mapping: file.mapping,
    definition: opened.definition,
    skipThroughLine: progress?.lines_committed ?? 0,
    batchRows: config.stageBatchRows,
    ...(config.csvLimits ? { csvLimits: config.csvLimits } : {}),
  };
  const mapped = await readMappedFile(request, opened.archive);
  await repositories.importJobs.describeFile(jobId, file.csv, {
    encoding: mapped.encoding,
    delimiter: mapped.delimiter,
    header: mapped.header,
  });
  const keyColumn = isContactDataType(file.mapping.dataType)
    ? file.mapping.keyColumn
    : file.mapping.parentKeyColumn;
  const writer = new StagingWriter({
    staging: repositories.staging,
    jobId,
    fileName: file.csv,
    dataType: file.mapping.dataType,
    keyColumn: keyColumn ?? '',
    bytesDone: Number(progress?.bytes_done ?? 0),
    ...(input.afterBatch ? { afterCommit: input.afterBatch } : {}),
    ...(fileLeaseOwner ? { fileLeaseOwner } : {}),
  });
  await writeReadingAhead(mapped.batches, (batch) => writer.write(batch));
}

/**
 * Writes each batch while the next one is read and mapped: on PostgreSQL the parsing goes on
 * while the server stages the batch before. Only committed batches count as progress, so a batch
 * read ahead of a crash is read again on resume.
 */
async function writeReadingAhead<T>(batches: AsyncIterable<T>, write: (batch: T) => Promise<void>) {
  const iterator = batches[Symbol.asyncIterator]();
  let next = iterator.next();
  let finished = false;
  try {
    for (;;) {
      const current = await next;
      if (current.done) {
        finished = true;
        return;
      }
      next = iterator.next();
      // A failure of the read ahead is met when its batch is awaited, not as an unhandled rejection.
      next.catch(() => {});
      await write(current.value);
    }
  } finally {
    if (!finished) await iterator.return?.();
  }
}
