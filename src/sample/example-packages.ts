/**
 * The two example packages shipped in examples/ (scripts/build-examples.js writes them):
 *
 * - the good one, "Northwind Advisors export": 340 valid contacts in untidy files, which must
 *   import with zero errors;
 * - the error one, "Northwind Advisors export (with errors)": 50 contacts with one deliberate
 *   row error of each kind, listed by `expectedErrors` (examples/northwind-errors.expected.json).
 *
 * Both are deterministic (fixed seeds and timestamps), so rebuilding them gives identical bytes.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { type ZipSource, zipPackage } from '../package-writer/zip-package.js';
import { buildErrorExample, type ErrorExampleContent, type ExpectedRowError } from './northwind-errors.js';
import { buildGoodExample } from './northwind-good.js';
import type { ExampleContent } from './northwind-layout.js';

export { sampleOwner, sampleVocabulary } from './sample-vocabulary.js';
export type { ErrorExampleContent, ExampleContent, ExpectedRowError };
export { buildErrorExample, buildGoodExample };

export interface ExamplePackageSummary {
  out: string;
  name: string;
  /** Size of the ZIP. */
  bytes: number;
  /** Every file in the ZIP. */
  entries: string[];
  /** Data rows per CSV. */
  rows: Record<string, number>;
}

export async function writeGoodExamplePackage(out: string): Promise<ExamplePackageSummary> {
  return writeExample(out, buildGoodExample());
}

export async function writeErrorExamplePackage(
  out: string,
): Promise<ExamplePackageSummary & { expectedErrors: ExpectedRowError[] }> {
  const example = buildErrorExample();
  return { ...(await writeExample(out, example)), expectedErrors: example.expectedErrors };
}

/** Writes the files of a package unzipped into `directory`, for people to read. */
export async function writeExampleFolder(directory: string, example: ExampleContent): Promise<void> {
  for (const file of example.files) {
    const path = join(directory, file.name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, contentOf(file));
  }
}

async function writeExample(out: string, example: ExampleContent): Promise<ExamplePackageSummary> {
  const path = resolve(out);
  await mkdir(dirname(path), { recursive: true });
  const bytes = await zipPackage(path, example.files);
  return {
    out: path,
    name: example.name,
    bytes,
    entries: example.files.map((file) => file.name),
    rows: example.rows,
  };
}

function contentOf(file: ZipSource): Buffer {
  if ('data' in file) return file.data;
  throw new Error(`${file.name} is on disk, not in memory`);
}
