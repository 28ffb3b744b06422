/**
 * yauzl reports every problem as a bare Error with a technical message; these turn them into
 * DovetailErrors a person can act on, keeping yauzl's wording in parentheses for whoever debugs it.
 */
import { DovetailError, isDovetailError } from '../../errors/dovetail-error.js';
import { absolutePathError, zipSlipError } from './archive-entry-checker.js';

/** Where in the archive the error happened: its end record, a directory record, or an entry's data. */
export type ZipErrorStage =
  | { stage: 'directory'; startsLikeZip: boolean }
  | { stage: 'entry'; index: number; previous: string | undefined }
  | { stage: 'data'; entryName: string };

const MISSING_END_RECORD = /end of central directory record signature not found/i;

export function mapZipError(error: unknown, packageName: string, where: ZipErrorStage): DovetailError {
  if (isDovetailError(error)) return error;
  const detail = error instanceof Error ? error.message : String(error);
  switch (where.stage) {
    case 'directory':
      return directoryError(detail, packageName, where.startsLikeZip);
    case 'entry':
      return entryRecordError(detail, packageName, where.index, where.previous);
    case 'data':
      return new DovetailError(
        'PACKAGE_CORRUPT',
        `Entry "${where.entryName}" in "${packageName}" is damaged and cannot be unpacked (${detail}).`,
        { file: where.entryName },
      );
  }
}

function directoryError(detail: string, packageName: string, startsLikeZip: boolean): DovetailError {
  if (MISSING_END_RECORD.test(detail) && !startsLikeZip) {
    return new DovetailError('PACKAGE_NOT_A_ZIP', `"${packageName}" is not a ZIP archive.`, {
      file: packageName,
    });
  }
  // A ZIP's table of contents sits at its end, so an upload cut short starts well and ends nowhere.
  const why = MISSING_END_RECORD.test(detail)
    ? 'its table of contents is missing, so it was probably cut short while uploading or copying'
    : `its table of contents cannot be read (${detail})`;
  return new DovetailError('PACKAGE_CORRUPT', `"${packageName}" is a damaged ZIP archive: ${why}.`, {
    file: packageName,
  });
}

/**
 * yauzl names the entry only in its path errors; for the others the record failed before its name was
 * usable, so the entry is identified by position and by the last entry that was read fine.
 */
function entryRecordError(
  detail: string,
  packageName: string,
  index: number,
  previous: string | undefined,
): DovetailError {
  const absolute = /^absolute path: (.*)$/s.exec(detail);
  if (absolute?.[1] !== undefined) return absolutePathError(packageName, absolute[1]);
  const relative = /^invalid relative path: (.*)$/s.exec(detail);
  if (relative?.[1] !== undefined) return zipSlipError(packageName, relative[1]);

  const entry =
    previous === undefined ? `entry number ${index}` : `entry number ${index} (after "${previous}")`;
  const location = { file: packageName };
  if (/strong encryption/i.test(detail)) {
    return new DovetailError(
      'PACKAGE_ENCRYPTED',
      `The ${entry} in "${packageName}" is encrypted, which Dovetail cannot read.`,
      location,
    );
  }
  return new DovetailError(
    'PACKAGE_CORRUPT',
    `"${packageName}" is a damaged ZIP archive: the record of its ${entry} cannot be read (${detail}).`,
    location,
  );
}
