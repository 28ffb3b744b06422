/**
 * How long a CSV record (line) and one value of it may be, in bytes of UTF-8 text. Lives in
 * `format` because the configuration, the reader and the mapping tool all share it.
 */
export interface CsvLimits {
  maxLineBytes: number;
  maxFieldBytes: number;
}

/** The defaults of DOVETAIL_MAX_LINE_BYTES and DOVETAIL_MAX_FIELD_BYTES. */
export const defaultCsvLimits: CsvLimits = { maxLineBytes: 1024 ** 2, maxFieldBytes: 64 * 1024 };
