/** Telling a vCard file from a CSV by its first line, without loading the vCard reader. */

/** What a vCard file's `delimiter` says (CsvFile.delimiter); the mapping tool writes "auto" for it. */
export const vCardDelimiter = 'vCard';

/** True when the text starts like a vCard (after blank lines). */
export function looksLikeVCard(sampleText: string): boolean {
  return /^\s*BEGIN:VCARD[ \t]*(\r\n|\n|\r)/i.test(sampleText);
}
