/**
 * Measures the suggestions against legacy exports whose right mapping is known (truth.json per
 * export, see scripts/generate-legacy-exports.js): the share of columns whose suggested target
 * is the right one, per export and overall. `npm run bench:mapping` prints it; a test holds it
 * at or above 90%.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TargetDefinition } from '../format/package-format.schema.js';
import { parseChildTarget } from './column-target.js';
import { suggestMappings } from './suggest-mappings.js';

export interface ExportTruth {
  export: string;
  files: Record<string, { dataType: string; columns: Record<string, string | null> }>;
}

export interface ColumnVerdict {
  file: string;
  column: string;
  expected: string | null;
  suggested: string | null;
  right: boolean;
}

export interface ExportScore {
  export: string;
  columns: number;
  right: number;
  accuracy: number;
  dataTypesRight: number;
  files: number;
  misses: ColumnVerdict[];
}

/** A truth target with the group "*" accepts any group of that kind and attribute. */
export function sameTarget(expected: string | null, suggested: string | null): boolean {
  if (expected === suggested) return true;
  if (expected === null || suggested === null) return false;
  const want = parseChildTarget(expected);
  const got = parseChildTarget(suggested);
  return (
    want !== undefined &&
    got !== undefined &&
    want.group === '*' &&
    want.kind === got.kind &&
    want.attribute === got.attribute
  );
}

export async function measureExport(folder: string, definition: TargetDefinition): Promise<ExportScore> {
  const truth = JSON.parse(fs.readFileSync(path.join(folder, 'truth.json'), 'utf8')) as ExportTruth;
  const names = Object.keys(truth.files);
  const { files } = await suggestMappings({
    files: names.map((name) => ({ path: path.join(folder, name), name })),
    definition,
  });
  const verdicts: ColumnVerdict[] = [];
  let dataTypesRight = 0;
  for (const suggestion of files) {
    const expected = truth.files[suggestion.profile.file]!;
    if (suggestion.dataType.dataType === expected.dataType) dataTypesRight++;
    for (const column of suggestion.columns) {
      const want = expected.columns[column.column] ?? null;
      verdicts.push({
        file: suggestion.profile.file,
        column: column.column,
        expected: want,
        suggested: column.target,
        right: suggestion.dataType.dataType === expected.dataType && sameTarget(want, column.target),
      });
    }
  }
  const right = verdicts.filter((verdict) => verdict.right).length;
  return {
    export: truth.export,
    columns: verdicts.length,
    right,
    accuracy: verdicts.length === 0 ? 0 : right / verdicts.length,
    dataTypesRight,
    files: files.length,
    misses: verdicts.filter((verdict) => !verdict.right),
  };
}

export interface AccuracyReport {
  exports: ExportScore[];
  columns: number;
  right: number;
  accuracy: number;
}

/** Every export folder (holding a truth.json) under `root`. */
export async function measureAccuracy(root: string, definition: TargetDefinition): Promise<AccuracyReport> {
  const folders = fs
    .readdirSync(root)
    .filter((name) => fs.existsSync(path.join(root, name, 'truth.json')))
    .sort();
  const exports: ExportScore[] = [];
  for (const name of folders) exports.push(await measureExport(path.join(root, name), definition));
  const columns = exports.reduce((sum, score) => sum + score.columns, 0);
  const right = exports.reduce((sum, score) => sum + score.right, 0);
  return { exports, columns, right, accuracy: columns === 0 ? 0 : right / columns };
}
