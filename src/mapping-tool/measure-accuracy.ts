/**
 * Measures the suggestions against exports whose right mapping is known (a truth.json per
 * export: the generated legacy exports of scripts/generate-legacy-exports.js and the real-export
 * corpus of test/fixtures/real-exports): per export and overall, the share of columns whose
 * suggested target is the right one, split into columns that hold importable data (truth names a
 * target) and columns to leave alone (truth says null). `npm run bench:mapping` prints them;
 * tests hold them above their floors.
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
  /** Columns whose truth names a target (they hold importable data), and how many got it. */
  importable: number;
  importableRight: number;
  /** Columns whose truth says "leave", and how many were left unmapped. */
  leave: number;
  leaveRight: number;
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
  const importable = verdicts.filter((verdict) => verdict.expected !== null);
  const leave = verdicts.filter((verdict) => verdict.expected === null);
  return {
    export: truth.export,
    columns: verdicts.length,
    right,
    accuracy: verdicts.length === 0 ? 0 : right / verdicts.length,
    importable: importable.length,
    importableRight: importable.filter((verdict) => verdict.right).length,
    leave: leave.length,
    leaveRight: leave.filter((verdict) => verdict.right).length,
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
  /** Share of the columns holding importable data that got the right target. */
  importableAccuracy: number;
  /** Share of the columns to leave alone that were left unmapped. */
  leaveAccuracy: number;
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
  const sum = (pick: (score: ExportScore) => number) =>
    exports.reduce((total, score) => total + pick(score), 0);
  const share = (part: number, whole: number) => (whole === 0 ? 1 : part / whole);
  return {
    exports,
    columns,
    right,
    accuracy: columns === 0 ? 0 : right / columns,
    importableAccuracy: share(
      sum((score) => score.importableRight),
      sum((score) => score.importable),
    ),
    leaveAccuracy: share(
      sum((score) => score.leaveRight),
      sum((score) => score.leave),
    ),
  };
}
