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
import type { MappedChild, MappedContact } from '../format/mapped-record.js';
import {
  type FileMapping,
  MANIFEST_FILE_NAME,
  manifestSchema,
  mappingSchema,
  type TargetDefinition,
  targetDefinitionSchema,
} from '../format/package-format.schema.js';
import { readMappedFile } from '../pipeline/load/mapped-file.js';
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
  /** Invalid optional values the import would drop from rows it stages (with a warning each). */
  warnings: CheckProblem[];
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
    if (!partial) return report(problems, [], [], false);
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

function report(
  problems: CheckProblem[],
  warnings: CheckProblem[],
  files: CheckedFile[],
  orphansChecked: boolean,
): PackageCheckReport {
  // A contact file of which no row would land is a mapping to fix, not row problems to read one
  // by one (an empty key column taken as the key refuses every row): said first, as a whole.
  const refused = files.filter(
    (file) =>
      (file.dataType === 'person' || file.dataType === 'company') &&
      file.rowsChecked > 0 &&
      file.rowsRejected === file.rowsChecked,
  );
  problems.unshift(
    ...refused.map(
      (file): CheckProblem => ({
        level: 'package',
        code: 'PACKAGE_EVERY_ROW_REFUSED',
        message: `every one of the ${file.rowsChecked} row${file.rowsChecked === 1 ? '' : 's'} checked in ${file.file} would be refused: nothing of it would land; look at its key column and mapping (the row problems below say why)`,
        file: file.file,
      }),
    ),
  );
  const rowsChecked = files.reduce((sum, file) => sum + file.rowsChecked, 0);
  const rowsRejected = files.reduce((sum, file) => sum + file.rowsRejected, 0);
  return { ok: problems.length === 0, problems, warnings, files, rowsChecked, rowsRejected, orphansChecked };
}

async function checkRows(
  archive: PackageArchive,
  packagePath: string,
  definition: TargetDefinition,
  files: CheckableFile[],
  options: CheckOptions,
  problems: CheckProblem[],
): Promise<PackageCheckReport> {
  const ledger: KeyLedger = { contacts: new Map(), rejectedContacts: new Map(), allContactsRead: true };
  const checked: CheckedFile[] = [];
  const warnings: CheckProblem[] = [];
  const ordered = [
    ...files.filter((file) => isContactDataType(file.mapping.dataType)),
    ...files.filter((file) => !isContactDataType(file.mapping.dataType)),
  ];
  for (const file of ordered) {
    const tally: CheckedFile = {
      file: file.csv,
      dataType: file.mapping.dataType,
      rowsChecked: 0,
      rowsRejected: 0,
      complete: true,
    };
    try {
      await checkFileRows(file, tally, {
        archive,
        packagePath,
        definition,
        options,
        problems,
        warnings,
        ledger,
      });
    } catch (error) {
      // A file the import would stop on mid-way (damaged data, unreadable CSV): a package problem.
      if (!(error instanceof DovetailError)) throw error;
      problems.push(packageProblem(error));
      tally.complete = false;
    }
    if (isContactDataType(file.mapping.dataType) && !tally.complete) ledger.allContactsRead = false;
    checked.push(tally);
  }
  return report(problems, warnings, checked, ledger.allContactsRead);
}

/** The contacts met so far, to settle duplicate keys and orphan rows as the staging step does. */
interface KeyLedger {
  contacts: Map<string, { file: string; line: number }>;
  rejectedContacts: Map<string, { file: string; line: number }>;
  /** Orphans can only be told when every contact row was read. */
  allContactsRead: boolean;
}

interface RowCheckContext {
  archive: PackageArchive;
  packagePath: string;
  definition: TargetDefinition;
  options: CheckOptions;
  problems: CheckProblem[];
  warnings: CheckProblem[];
  ledger: KeyLedger;
}

async function checkFileRows(
  file: CheckableFile,
  tally: CheckedFile,
  context: RowCheckContext,
): Promise<void> {
  const { ledger, options } = context;
  const contact = isContactDataType(file.mapping.dataType);
  const keyColumn = (contact ? file.mapping.keyColumn : file.mapping.parentKeyColumn) ?? '';
  const mapped = await readMappedFile(
    {
      packagePath: context.packagePath,
      limits: options.limits,
      csv: file.csv,
      mapping: file.mapping,
      definition: context.definition,
      skipThroughLine: 0,
      batchRows: 500,
    },
    context.archive,
  );
  const reject = (line: number, rowProblems: Omit<CheckProblem, 'level' | 'file' | 'line'>[]) => {
    tally.rowsRejected++;
    for (const problem of rowProblems)
      context.problems.push({ level: 'row', file: file.csv, line, ...problem });
  };
  for await (const batch of mapped.batches) {
    for (const row of batch.rows) {
      if (options.maxRows !== undefined && tally.rowsChecked >= options.maxRows) {
        tally.complete = false;
        // Leaving the loop closes the reader: the rest of the file is not read.
        return;
      }
      tally.rowsChecked++;
      const { result } = row;
      // A staged row's dropped values, as the import logs them (a row refused later, as a
      // duplicate or an orphan, is logged with its refusal only).
      const land = () => {
        if (!result.ok) return;
        for (const warning of result.warnings)
          context.warnings.push({ level: 'row', file: file.csv, line: row.line, ...warning });
      };
      if (!result.ok) {
        if (contact && result.key && !ledger.rejectedContacts.has(result.key)) {
          ledger.rejectedContacts.set(result.key, { file: file.csv, line: row.line });
        }
        reject(row.line, result.problems);
      } else if (contact) {
        const { key } = result.record as MappedContact;
        const earlier = ledger.contacts.get(key);
        if (!earlier) {
          ledger.contacts.set(key, { file: file.csv, line: row.line });
          land();
          continue;
        }
        const where = earlier.file === file.csv ? 'this file' : earlier.file;
        reject(row.line, [
          {
            code: 'ROW_DUPLICATE_KEY',
            message: `the legacy key "${key}" is already used by the contact on line ${earlier.line} of ${where}`,
            column: keyColumn,
            value: key,
          },
        ]);
      } else if (ledger.allContactsRead) {
        const { parentKey } = result.record as MappedChild;
        if (ledger.contacts.has(parentKey)) {
          land();
          continue;
        }
        const parentError = ledger.rejectedContacts.get(parentKey);
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
      } else {
        land(); // orphans cannot be told yet: the row is taken as staged
      }
    }
  }
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
