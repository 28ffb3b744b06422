/**
 * "Check before building": builds the package a plan describes in a temporary folder and runs
 * `checkPackage` on it — the importer's own checks — then points every problem found in a child
 * file split out of a wide file back at the original file, line and column.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TargetDefinition } from '../format/package-format.schema.js';
import { openCsv } from '../pipeline/parse/csv-reader.js';
import { buildPackage } from './build-package.js';
import {
  type CheckOptions,
  type CheckProblem,
  checkPackage,
  type PackageCheckReport,
} from './check-package.js';
import { derivedAttributes, SOURCE_GROUP_COLUMN, SOURCE_LINE_COLUMN } from './child-files.js';
import type { MappingPlan } from './mapping-plan.js';
import { type DerivedFile, writePackageFolder } from './write-package-folder.js';

export interface PlanCheck extends PackageCheckReport {
  /** The ZIP that was checked, when `keepZipAt` was given. */
  zipPath?: string;
}

export async function checkPlan(
  plan: MappingPlan,
  sources: ReadonlyMap<string, string>,
  definition: TargetDefinition,
  options: CheckOptions & { keepZipAt?: string },
): Promise<PlanCheck> {
  const work = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'dovetail-plan-'));
  try {
    const folder = await writePackageFolder(plan, sources, definition, path.join(work, 'package'));
    const zipPath = options.keepZipAt ?? path.join(work, 'package.zip');
    await buildPackage(folder.folder, zipPath);
    const report = await checkPackage(zipPath, options);
    const problems = await traceToSources(report.problems, folder.derived, folder.folder, plan);
    const warnings = await traceToSources(report.warnings, folder.derived, folder.folder, plan);
    return { ...report, problems, warnings, ...(options.keepZipAt ? { zipPath } : {}) };
  } finally {
    await fs.promises.rm(work, { recursive: true, force: true });
  }
}

/** Points the problems of child files split out of wide files at the wide file's line and column. */
export async function traceToSources(
  problems: CheckProblem[],
  derived: readonly DerivedFile[],
  folder: string,
  plan: MappingPlan,
): Promise<CheckProblem[]> {
  for (const file of derived) {
    const wanted = new Set(
      problems.filter((problem) => problem.file === file.file).map((problem) => problem.line),
    );
    if (wanted.size === 0) continue;
    const origins = await originsOf(path.join(folder, file.file), wanted);
    const filePlan = plan.files.find((candidate) => candidate.file === file.source);
    for (const problem of problems) {
      if (problem.file !== file.file || problem.line === undefined) continue;
      const origin = origins.get(problem.line);
      if (!origin) continue;
      const dataType = problem.file.split('.').at(-2);
      const attributes = Object.entries(derivedAttributes(childDataType(dataType)));
      const attribute = attributes.find(([column]) => column === problem.column)?.[1];
      const source = filePlan?.columns.find((column) => column.target === `${origin.group}.${attribute}`);
      problem.message = `${problem.message} (in ${origin.group} of ${file.source})`;
      problem.file = file.source;
      problem.line = origin.line;
      if (source) problem.column = source.column;
      else delete problem.column;
    }
  }
  return problems;
}

function childDataType(suffix: string | undefined) {
  if (suffix === 'addresses') return 'address' as const;
  if (suffix === 'notes') return 'note' as const;
  if (suffix === 'categories') return 'category' as const;
  return 'communication' as const;
}

async function originsOf(file: string, lines: Set<number | undefined>) {
  const csv = await openCsv(fs.createReadStream(file), { fileName: file, encoding: 'utf-8', delimiter: ',' });
  const lineAt = csv.header.indexOf(SOURCE_LINE_COLUMN);
  const groupAt = csv.header.indexOf(SOURCE_GROUP_COLUMN);
  const origins = new Map<number, { line: number; group: string }>();
  for await (const record of csv.records) {
    if (lines.has(record.line)) {
      origins.set(record.line, { line: Number(record.values[lineAt]), group: record.values[groupAt] ?? '' });
    }
  }
  return origins;
}
