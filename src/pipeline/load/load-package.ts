/**
 * Stage "Load Package": package → parse → map/validate → stage, streaming file by file.
 * Progress is committed with every batch, so calling this again after a crash continues
 * right after the last committed line of the file it was in.
 */
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
  config: Pick<Config, 'archive' | 'stageBatchRows'>;
  /** Runs after every committed batch; throwing from it stops the load. */
  afterBatch?: () => Promise<void>;
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
    const progress = new Map((await repositories.importJobs.files(jobId)).map((row) => [row.file_name, row]));
    for (const file of opened.files) {
      const state = progress.get(file.csv);
      if (state?.state === 'done') continue;
      await loadFile(input, opened, file, {
        linesCommitted: state?.lines_committed ?? 0,
        bytesDone: Number(state?.bytes_done ?? 0),
      });
    }
  } finally {
    opened.archive.close();
  }
}

async function loadFile(
  input: LoadPackageInput,
  opened: OpenedPackage,
  file: PackageFile,
  resumeFrom: { linesCommitted: number; bytesDone: number },
): Promise<void> {
  const { jobId, repositories, config } = input;
  const request: MappedFileRequest = {
    packagePath: input.packagePath,
    limits: config.archive,
    csv: file.csv,
    mapping: file.mapping,
    definition: opened.definition,
    skipThroughLine: resumeFrom.linesCommitted,
    batchRows: config.stageBatchRows,
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
    bytesDone: resumeFrom.bytesDone,
    ...(input.afterBatch ? { afterCommit: input.afterBatch } : {}),
  });
  for await (const batch of mapped.batches) await writer.write(batch);
  await repositories.importJobs.markFileDone(jobId, file.csv);
}
