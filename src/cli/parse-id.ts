import { DovetailError } from '../errors/dovetail-error.js';

/** Import process ids are whole numbers, as the Import Processes list shows them. */
export function parseImportId(text: string): number {
  const id = Number(text);
  if (!Number.isSafeInteger(id) || id < 1) {
    throw new DovetailError(
      'INVALID_ARGUMENT',
      `"${text}" is not an import process id (ids are whole numbers)`,
    );
  }
  return id;
}
