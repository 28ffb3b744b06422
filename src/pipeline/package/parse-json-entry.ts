import type { z } from 'zod';
import { DovetailError, type PackageErrorCode } from '../../errors/dovetail-error.js';
import type { PackageArchive } from './package-archive.js';

/** Reads a JSON file of the package and validates it, explaining the first problems in words. */
export async function parseJsonEntry<Schema extends z.ZodType>(
  archive: PackageArchive,
  name: string,
  schema: Schema,
  code: PackageErrorCode,
): Promise<z.infer<Schema>> {
  const text = await archive.readText(name);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DovetailError(code, `${name} is not valid JSON: ${(error as Error).message}`, { file: name });
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const details = result.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
      .join('; ');
    throw new DovetailError(code, `${name} does not follow the package format: ${details}`, { file: name });
  }
  return result.data;
}
