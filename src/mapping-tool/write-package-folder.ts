/**
 * Writes a package folder from a mapping plan: the CSVs (copied as they are, so line numbers
 * stay those of the original files), one mapping file per CSV, the child files split out of
 * wide files, the target definition, manifest.json and the plan itself as the mapping
 * template. `buildPackage` zips such a folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isContactDataType } from '../format/attributes.js';
import type { TargetDefinition } from '../format/package-format.schema.js';
import { targetDefinitionFileName } from '../format/target-definition.js';
import { CsvFileWriter } from '../package-writer/csv-file-writer.js';
import { formatJson, mappingInReadingOrder } from '../package-writer/package-json-files.js';
import { openCsv } from '../pipeline/parse/csv-reader.js';
import { type ChildFile, childFilesOf } from './child-files.js';
import {
  type ComposedColumn,
  composedColumnsOf,
  GENERATED_KEY_COLUMN,
  keyStem,
  RowKeys,
} from './composed-columns.js';
import type { FilePlan, MappingPlan } from './mapping-plan.js';
import { mappingOfChildFile, mappingOfPlan } from './plan-to-mappings.js';

export { GENERATED_KEY_COLUMN } from './composed-columns.js';
export const TEMPLATE_FILE_NAME = 'mapping-template.json';

export interface DerivedFile {
  /** The child file in the package. */
  file: string;
  /** The wide CSV it was split from. */
  source: string;
}

export interface PackageFolder {
  folder: string;
  manifestPath: string;
  files: { csv: string; mapping: string }[];
  derived: DerivedFile[];
}

/**
 * @param sources CSV name in the plan → its path on disk.
 * @example await writePackageFolder(plan, new Map([['clients.csv', '/exports/clients.csv']]), definition, 'out')
 */
export async function writePackageFolder(
  plan: MappingPlan,
  sources: ReadonlyMap<string, string>,
  definition: TargetDefinition,
  folder: string,
): Promise<PackageFolder> {
  await fs.promises.mkdir(folder, { recursive: true });
  const files: PackageFolder['files'] = [];
  const derived: DerivedFile[] = [];
  for (const filePlan of plan.files) {
    const source = sources.get(filePlan.file);
    if (source === undefined) throw new Error(`no CSV named "${filePlan.file}" was given`);
    const target = path.join(folder, filePlan.file);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    const keyless = isContactDataType(filePlan.dataType) && !filePlan.keyColumn;
    const composed = isContactDataType(filePlan.dataType)
      ? composedColumnsOf(filePlan, await headerOf(source, filePlan))
      : [];
    const rewritten = keyless || composed.length > 0;
    if (rewritten) {
      // Written beside the target and renamed, so a CSV already in the folder is read, not clobbered.
      await writeWithAddedColumns(source, filePlan, `${target}.partial`, keyless, composed);
      await fs.promises.rename(`${target}.partial`, target);
    } else if (path.resolve(source) !== path.resolve(target)) await fs.promises.copyFile(source, target);
    const mappingName = `${filePlan.file.replace(/\.[^./]+$/, '')}.mapping.json`;
    const mapped = rewritten
      ? {
          ...filePlan,
          encoding: 'utf-8' as const,
          delimiter: ',' as const,
          ...(keyless ? { keyColumn: GENERATED_KEY_COLUMN } : {}),
          columns: [
            ...filePlan.columns,
            ...composed.map((column) => ({
              column: column.name,
              target: column.attribute,
              ...(column.dateFormat && column.dateFormat !== filePlan.dateFormat
                ? { dateFormat: column.dateFormat }
                : {}),
            })),
          ],
        }
      : filePlan;
    await writeJson(path.join(folder, mappingName), mappingInReadingOrder(mappingOfPlan(mapped)));
    files.push({ csv: filePlan.file, mapping: mappingName });

    const children = await splitChildren(source, filePlan, folder, keyless);
    for (const child of children) {
      const childMapping = `${child.name.replace(/\.csv$/, '')}.mapping.json`;
      await writeJson(
        path.join(folder, childMapping),
        mappingInReadingOrder(mappingOfChildFile(child, filePlan)),
      );
      files.push({ csv: child.name, mapping: childMapping });
      derived.push({ file: child.name, source: filePlan.file });
    }
  }
  const definitionName = targetDefinitionFileName(definition.generatedFor);
  await writeJson(path.join(folder, definitionName), definition);
  const manifestPath = path.join(folder, 'manifest.json');
  await writeJson(manifestPath, {
    formatVersion: 1,
    name: plan.name,
    createdAt: new Date().toISOString(),
    targetDefinition: definitionName,
    files,
  });
  await writeJson(path.join(folder, TEMPLATE_FILE_NAME), { ...plan, savedAt: new Date().toISOString() });
  return { folder, manifestPath, files, derived };
}

async function writeJson(file: string, value: unknown): Promise<void> {
  await fs.promises.writeFile(file, `${formatJson(value)}\n`);
}

/** Streams a wide file once and writes its child files; nothing when it has no child columns. */
async function splitChildren(
  source: string,
  plan: MappingPlan['files'][number],
  folder: string,
  keyless: boolean,
): Promise<ChildFile[]> {
  if (!plan.columns.some((column) => column.target.includes('/'))) return [];
  const csv = await openCsv(fs.createReadStream(source), {
    fileName: plan.file,
    encoding: plan.encoding,
    delimiter: plan.delimiter,
  });
  const children = childFilesOf(plan, csv.header);
  const keyIndex = csv.header.indexOf(plan.keyColumn ?? '');
  const keys = new RowKeys(keyStem(plan.file));
  const writers = children.map((child) => new CsvFileWriter(path.join(folder, child.name), child.header));
  try {
    for await (const record of csv.records) {
      // The same key as the rewritten contact file gives this row (rows are counted alike).
      const generated = keyless ? keys.next(record.rawValues) : '';
      if (record.problems.some((problem) => problem.code === 'ROW_MALFORMED_CSV')) continue;
      const key = keyless ? generated : (record.values[keyIndex] ?? '').trim();
      children.forEach((child, index) => {
        for (const row of child.rowsFor(record.values, key, record.line)) writers[index]!.writeRow(row);
      });
      for (const writer of writers) await writer.drain();
    }
  } finally {
    for (const writer of writers) await writer.close();
  }
  return children;
}

async function headerOf(source: string, plan: FilePlan): Promise<string[]> {
  const csv = await openCsv(fs.createReadStream(source), {
    fileName: plan.file,
    encoding: plan.encoding,
    delimiter: plan.delimiter,
  });
  // Leaving the loop closes the stream: only the header was needed.
  for await (const _record of csv.records) break;
  return csv.header;
}

/**
 * A contact file without a usable key column (address books have none), or with a value spread
 * over several columns, is written again in UTF-8 with added first columns: the generated key
 * (a hash of the row's content, see composed-columns.ts) and the composed values. Quoted line
 * breaks are kept, so the lines stay those of the original (unless it had empty lines, which
 * the reader skips).
 */
async function writeWithAddedColumns(
  source: string,
  plan: FilePlan,
  target: string,
  keyless: boolean,
  composed: readonly ComposedColumn[],
): Promise<void> {
  const csv = await openCsv(fs.createReadStream(source), {
    fileName: plan.file,
    encoding: plan.encoding,
    delimiter: plan.delimiter,
  });
  const added = [...(keyless ? [GENERATED_KEY_COLUMN] : []), ...composed.map((column) => column.name)];
  const writer = new CsvFileWriter(target, [...added, ...csv.header]);
  const keys = new RowKeys(keyStem(plan.file));
  try {
    for await (const record of csv.records) {
      const key = keyless ? [keys.next(record.rawValues)] : [];
      writer.writeRow([
        ...key,
        ...composed.map((column) => column.valueOf(record.values)),
        ...record.rawValues,
      ]);
      await writer.drain();
    }
  } finally {
    await writer.close();
  }
}
