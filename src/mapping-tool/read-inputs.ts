/**
 * Reads the mapping tool's inputs from disk: the target definition, a mapping template (a saved
 * plan, or a single mapping file of an earlier package) and the CSVs of a folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DovetailError } from '../errors/dovetail-error.js';
import {
  mappingSchema,
  type TargetDefinition,
  targetDefinitionSchema,
} from '../format/package-format.schema.js';
import { type MappingPlan, mappingPlanSchema } from './mapping-plan.js';
import { planOfMapping } from './plan-to-mappings.js';
import { TEMPLATE_FILE_NAME } from './write-package-folder.js';

async function readJson(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch {
    throw new DovetailError('INVALID_ARGUMENT', `There is no ${what} at ${file}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new DovetailError('INVALID_ARGUMENT', `${file} is not valid JSON: ${(error as Error).message}`);
  }
}

export async function readTargetDefinition(file: string): Promise<TargetDefinition> {
  const parsed = targetDefinitionSchema.safeParse(await readJson(file, 'target definition'));
  if (!parsed.success) {
    const details = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new DovetailError(
      'PACKAGE_TARGET_DEFINITION_INVALID',
      `${path.basename(file)} does not follow the package format: ${details}`,
      { file: path.basename(file) },
    );
  }
  return parsed.data;
}

/** A template file, a package folder holding mapping-template.json, or one mapping file. */
export async function readTemplate(file: string): Promise<MappingPlan> {
  const location = fs.statSync(file, { throwIfNoEntry: false })?.isDirectory()
    ? path.join(file, TEMPLATE_FILE_NAME)
    : file;
  const json = await readJson(location, 'mapping template');
  const plan = mappingPlanSchema.safeParse(json);
  if (plan.success) return plan.data;
  const mapping = mappingSchema.safeParse(json);
  if (mapping.success) {
    return {
      kind: 'dovetail-mapping-template',
      formatVersion: 1,
      name: path.basename(file),
      files: [planOfMapping(mapping.data)],
    };
  }
  throw new DovetailError(
    'INVALID_ARGUMENT',
    `${file} is neither a mapping template nor a mapping file: ${plan.error.issues[0]?.path.join('.')}: ${plan.error.issues[0]?.message}`,
  );
}

const csvLike = /\.(csv|tsv|txt|tab|xlsx|ods|vcf)$/i;

/** The CSVs named: files as they are, folders as the CSV, TSV, TXT, spreadsheet (.xlsx, .ods) and vCard (.vcf) files in them. */
export function listCsvFiles(paths: readonly string[]): string[] {
  return paths.flatMap((entry) => {
    const stat = fs.statSync(entry, { throwIfNoEntry: false });
    if (!stat) throw new DovetailError('INVALID_ARGUMENT', `There is no file or folder at ${entry}`);
    if (!stat.isDirectory()) return [entry];
    return fs
      .readdirSync(entry)
      .filter((name) => csvLike.test(name))
      .sort()
      .map((name) => path.join(entry, name));
  });
}
