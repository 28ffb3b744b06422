/**
 * `dovetail package build`: zips a package folder (manifest.json and every file it lists) into
 * the ZIP that `dovetail import` takes, and saves the mapping as a template beside it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DovetailError } from '../errors/dovetail-error.js';
import {
  MANIFEST_FILE_NAME,
  type Manifest,
  manifestSchema,
  mappingSchema,
} from '../format/package-format.schema.js';
import { formatJson } from '../package-writer/package-json-files.js';
import { zipPackage } from '../package-writer/zip-package.js';
import { parseChildTarget } from './column-target.js';
import { type FilePlan, type MappingPlan, mappingPlanSchema } from './mapping-plan.js';
import { planOfMapping } from './plan-to-mappings.js';
import { TEMPLATE_FILE_NAME } from './write-package-folder.js';

export interface BuiltPackage {
  zipPath: string;
  bytes: number;
  entries: string[];
  templatePath: string;
}

export async function buildPackage(folder: string, zipPath: string): Promise<BuiltPackage> {
  const manifest = await readManifest(folder);
  const names = [
    MANIFEST_FILE_NAME,
    manifest.targetDefinition,
    ...manifest.files.flatMap((file) => [file.csv, file.mapping]),
  ];
  const missing = names.filter((name) => !fs.existsSync(path.join(folder, name)));
  if (missing.length > 0) {
    throw new DovetailError(
      'PACKAGE_FILE_MISSING',
      `${MANIFEST_FILE_NAME} lists ${missing.map((name) => `"${name}"`).join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not in ${folder}`,
      { file: missing[0]! },
    );
  }
  await fs.promises.mkdir(path.dirname(path.resolve(zipPath)), { recursive: true });
  const bytes = await zipPackage(
    zipPath,
    names.map((name) => ({ name, path: path.join(folder, name) })),
  );
  const templatePath = `${zipPath.replace(/\.zip$/i, '')}.template.json`;
  await fs.promises.writeFile(templatePath, `${formatJson(await templateOf(folder, manifest))}\n`);
  return { zipPath, bytes, entries: names, templatePath };
}

async function readManifest(folder: string): Promise<Manifest> {
  const file = path.join(folder, MANIFEST_FILE_NAME);
  let json: unknown;
  try {
    json = JSON.parse(await fs.promises.readFile(file, 'utf8'));
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new DovetailError(
      missing ? 'PACKAGE_MANIFEST_MISSING' : 'PACKAGE_MANIFEST_INVALID',
      missing
        ? `${folder} has no ${MANIFEST_FILE_NAME}: run "dovetail mapping suggest" to make one`
        : `${MANIFEST_FILE_NAME} is not valid JSON: ${(error as Error).message}`,
      { file: MANIFEST_FILE_NAME },
    );
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    throw new DovetailError(
      'PACKAGE_MANIFEST_INVALID',
      `${MANIFEST_FILE_NAME} does not follow the package format: ${parsed.error.issues[0]?.message}`,
      { file: MANIFEST_FILE_NAME },
    );
  }
  return parsed.data;
}

/**
 * The mapping template of the folder: its mapping files as edited, plus the wide columns' child
 * targets from the plan `mapping suggest` saved (child files are made from those, not kept).
 */
async function templateOf(folder: string, manifest: Manifest): Promise<MappingPlan> {
  const savedPath = path.join(folder, TEMPLATE_FILE_NAME);
  const saved = fs.existsSync(savedPath)
    ? mappingPlanSchema.safeParse(JSON.parse(await fs.promises.readFile(savedPath, 'utf8'))).data
    : undefined;
  const files: FilePlan[] = [];
  for (const file of manifest.files) {
    const planned = saved?.files.find((plan) => plan.file === file.csv);
    if (saved && !planned) continue; // a child file split out of a wide file
    const text = await fs.promises.readFile(path.join(folder, file.mapping), 'utf8');
    const parsed = mappingSchema.safeParse(JSON.parse(text));
    if (!parsed.success) {
      if (planned) files.push(planned);
      continue;
    }
    const plan = planOfMapping(parsed.data);
    const childColumns = planned?.columns.filter((column) => parseChildTarget(column.target)) ?? [];
    files.push({ ...plan, columns: [...plan.columns, ...childColumns] });
  }
  return {
    kind: 'dovetail-mapping-template',
    formatVersion: 1,
    name: manifest.name,
    savedAt: new Date().toISOString(),
    files,
  };
}
