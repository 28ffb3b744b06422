import { DovetailError } from '../errors/dovetail-error.js';
import { maxDatabaseId } from '../format/id-limits.js';

/**
 * A command-line id of a record (a contact, a suggestion …): a whole number from 1 to the
 * largest id a record can have, so that no id reaches the database as an out-of-range value.
 */
export function recordId(what: string) {
  return (text: string): number => {
    const id = Number(text);
    if (!Number.isSafeInteger(id) || id < 1 || id > maxDatabaseId) {
      throw new DovetailError(
        'INVALID_ARGUMENT',
        `"${text}" is not ${what} (ids are whole numbers from 1 to ${maxDatabaseId})`,
      );
    }
    return id;
  };
}

/** Import process ids are whole numbers, as the Import Processes list shows them. */
export const parseImportId = recordId('an import process id');
