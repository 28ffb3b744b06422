/**
 * `dovetail package check`: everything an import of the package would refuse, at once, without
 * importing. Package-level problems come from the importer's own `openPackage`; rows go through
 * the importer's own reader and row mapper (`readMappedFile`), and duplicate keys and orphan
 * child rows are settled as the staging step settles them, in memory instead of in a database.
 * When package-level problems concern some files only, the rows of the other files are still
 * checked, so one run lists everything.
 */
import { DovetailError, type ErrorCode } from '../errors/dovetail-error.js';
import { isContactDataType } from '../format/attributes.js';
import {
  type FileMapping,
  MANIFEST_FILE_NAME,
  manifestSchema,
  mappingSchema,
  type TargetDefinition,
  targetDefinitionSchema,
} from '../format/package-format.schema.js';
import { readMappedFile } from '../pipeline/load/mapped-file.js';
import type { MappedChild, MappedContact } from '../pipeline/map/mapped-record.js';
import { openPackage, PackageProblems } from '../pipeline/package/open-package.js';
import {
  type ArchiveLimits,
  openPackageArchive,
  type PackageArchive,
} from '../pipeline/package/package-archive.js';
import { parseJsonEntry } from '../pipeline/package/parse-json-entry.js';

export interface CheckProblem {
  level: 'package' | 'row';
  code: ErrorCode;
  message: string;
  file?: string;
  line?: number;
  column?: string;
  value?: string;
}

export interface CheckedFile {
  file: string;
  dataType: string;
  rowsChecked: number;
  rowsRejected: number;
  /** False when the check stopped at maxRows before the end of the file. */
  complete: boolean;
}

export interface PackageCheckReport {
  ok: boolean;
  problems: CheckProblem[];
  files: CheckedFile[];
  rowsChecked: number;
  rowsRejected: number;
  /** Orphan rows can only be told when every contact row was read. */
  orphansChecked: boolean;
}

export interface CheckOptions {
  limits: ArchiveLimits;
  /** Check at most this many rows per file (default: all). */
  maxRows?: number;
}

interface CheckableFile {
  csv: string;
  mapping: FileMapping;
}

export async function checkPackage(packagePath: string, options: CheckOptions): Promise<PackageCheckReport> {
  const problems: CheckProblem[] = [];
  let archive: PackageArchive;
  let definition: TargetDefinition;
  let files: CheckableFile[];
  try {
    const opened = await openPackage(packagePath, options.limits);
    ({ archive, definition } = opened);
    files = opened.files.map((file) => ({ csv: file.csv, mapping: file.mapping }));
  } catch (error) {
    const found =
      error instanceof PackageProblems
        ? error.problems
        : error instanceof DovetailError
          ? [error]
          : undefined;
    if (!found) throw error;
    problems.push(...found.map(packageProblem));
    const partial = found.every((problem) => /^(MAPPING|CSV)_/.test(problem.code))
      ? await filesWithoutProblems(packagePath, options.limits, found)
      : undefined;
    if (!partial) return report(problems, [], false);
    ({ archive, definition, files } = partial);
  }
  try {
    return await checkRows(archive, packagePath, definition, files, options, problems);
  } finally {
    archive.close();
  }
}

function packageProblem(error: DovetailError): CheckProblem {
  return { level: 'package', code: error.code, message: error.message, ...error.location };
}

function report(problems: CheckProblem[], files: CheckedFile[], orphansChecked: boolean): PackageCheckReport {
  const rowsChecked = files.reduce((sum, file) => sum + file.rowsChecked, 0);
  const rowsRejected = files.reduce((sum, file) => sum + file.rowsRejected, 0);
  return { ok: problems.length === 0, problems, files, rowsChecked, rowsRejected, orphansChecked };
}

async function checkRows(
  archive: PackageArchive,
  packagePath: string,
  definition: TargetDefinition,
  files: CheckableFile[],
  options: CheckOptions,
  problems: CheckProblem[],
): Promise<PackageCheckReport> {
  const contacts = new Map<string, { file: string; line: number }>();
  const rejectedContacts = new Map<string, { file: string; line: number }>();
  const checked: CheckedFile[] = [];
  let allContactsRead = true;
  const ordered = [
    ...files.filter((file) => isContactDataType(file.mapping.dataType)),
    ...files.filter((file) => !isContactDataType(file.mapping.dataType)),
  ];
  for (const file of ordered) {
    const contact = isContactDataType(file.mapping.dataType);
    const keyColumn = (contact ? file.mapping.keyColumn : file.mapping.parentKeyColumn) ?? '';
    const mapped = await readMappedFile(
      {
        packagePath,
        limits: options.limits,
        csv: file.csv,
        mapping: file.mapping,
        definition,
        skipThroughLine: 0,
        batchRows: 500,
      },
      archive,
    );
    const tally: CheckedFile = {
      file: file.csv,
      dataType: file.mapping.dataType,
      rowsChecked: 0,
      rowsRejected: 0,
      complete: true,
    };
    const reject = (
      line: number,
      rowProblems: { code: ErrorCode; message: string; column?: string; value?: string }[],
    ) => {
      tally.rowsRejected++;
      for (const problem of rowProblems) problems.push({ level: 'row', file: file.csv, line, ...problem });
    };
    outer: for await (const batch of mapped.batches) {
      for (const row of batch.rows) {
        if (options.maxRows !== undefined && tally.rowsChecked >= options.maxRows) {
          tally.complete = false;
          break outer;
        }
        tally.rowsChecked++;
        const { result } = row;
        if (!result.ok) {
          if (contact && result.key && !rejectedContacts.has(result.key)) {
            rejectedContacts.set(result.key, { file: file.csv, line: row.line });
          }
          reject(row.line, result.problems);
          continue;
        }
        if (contact) {
          const { key } = result.record as MappedContact;
          const earlier = contacts.get(key);
          if (earlier) {
            const where = earlier.file === file.csv ? 'this file' : earlier.file;
            reject(row.line, [
              {
                code: 'ROW_DUPLICATE_KEY',
                message: `the legacy key "${key}" is already used by the contact on line ${earlier.line} of ${where}`,
                column: keyColumn,
                value: key,
              },
            ]);
          } else contacts.set(key, { file: file.csv, line: row.line });
        } else if (allContactsRead) {
          const { parentKey } = result.record as MappedChild;
          if (contacts.has(parentKey)) continue;
          const parentError = rejectedContacts.get(parentKey);
          reject(row.line, [
            {
              code: 'ROW_ORPHAN',
              message: parentError
                ? `its contact "${parentKey}" was not imported (see the error on line ${parentError.line} of ${parentError.file})`
                : `no contact with the legacy key "${parentKey}" is in the package`,
              column: keyColumn,
              value: parentKey,
            },
          ]);
        }
      }
    }
    if (contact && !tally.complete) allContactsRead = false;
    checked.push(tally);
  }
  return report(problems, checked, allContactsRead);
}

/** The files whose mapping and header had no problem, to check their rows all the same. */
async function filesWithoutProblems(
  packagePath: string,
  limits: ArchiveLimits,
  found: readonly DovetailError[],
): Promise<{ archive: PackageArchive; definition: TargetDefinition; files: CheckableFile[] } | undefined> {
  const archive = await openPackageArchive(packagePath, limits);
  try {
    const manifest = await parseJsonEntry(
      archive,
      MANIFEST_FILE_NAME,
      manifestSchema,
      'PACKAGE_MANIFEST_INVALID',
    );
    const normalise = (name: string) => name.replaceAll('\\', '/').replace(/^(\.\/)+/, '');
    const definition = await parseJsonEntry(
      archive,
      normalise(manifest.targetDefinition),
      targetDefinitionSchema,
      'PACKAGE_TARGET_DEFINITION_INVALID',
    );
    const troubled = new Set(found.map((problem) => problem.location.file));
    const files: CheckableFile[] = [];
    for (const listed of manifest.files) {
      const csv = normalise(listed.csv);
      const mappingName = normalise(listed.mapping);
      if (troubled.has(csv) || troubled.has(mappingName)) continue;
      files.push({
        csv,
        mapping: await parseJsonEntry(archive, mappingName, mappingSchema, 'MAPPING_INVALID'),
      });
    }
    return { archive, definition, files };
  } catch (error) {
    archive.close();
    if (error instanceof DovetailError) return undefined;
    throw error;
  }
}
