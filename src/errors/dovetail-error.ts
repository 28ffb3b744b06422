/**
 * Errors are values with a code, a message a person can act on, and where it happened.
 * Package-level errors (the whole package is unusable) are thrown as DovetailError; row-level
 * problems are collected as RowProblem values and never thrown.
 */

export const packageErrorCodes = [
  'PACKAGE_NOT_FOUND',
  'PACKAGE_TOO_LARGE',
  'PACKAGE_NOT_A_ZIP',
  'PACKAGE_CORRUPT',
  'PACKAGE_ZIP_SLIP',
  'PACKAGE_ABSOLUTE_PATH',
  'PACKAGE_NESTED_ARCHIVE',
  'PACKAGE_TOO_MANY_ENTRIES',
  'PACKAGE_ENTRY_TOO_LARGE',
  'PACKAGE_UNCOMPRESSED_TOO_LARGE',
  'PACKAGE_COMPRESSION_RATIO',
  'PACKAGE_ENCRYPTED',
  'PACKAGE_DUPLICATE_ENTRY',
  'PACKAGE_MANIFEST_MISSING',
  'PACKAGE_MANIFEST_INVALID',
  'PACKAGE_FILE_NOT_IN_MANIFEST',
  'PACKAGE_FILE_MISSING',
  'PACKAGE_TARGET_DEFINITION_INVALID',
  'PACKAGE_EVERY_ROW_REFUSED',
  'MAPPING_INVALID',
  'MAPPING_COLUMN_MISSING',
  'MAPPING_UNKNOWN_ATTRIBUTE',
  'MAPPING_UNKNOWN_LOOKUP',
  'MAPPING_KEY_MISSING',
  'CSV_UNREADABLE',
  'CSV_EMPTY',
  'CSV_DUPLICATE_HEADER',
  'WORKBOOK_UNREADABLE',
  'SHEET_NOT_FOUND',
] as const;

export const requestErrorCodes = [
  'USER_NOT_FOUND',
  'IMPORT_NOT_FOUND',
  'INVALID_ARGUMENT',
  'NOT_AUTHENTICATED',
  'NOT_ALLOWED',
  'IMPORT_NOT_RUNNING',
  /** The job is not at a stage where this action is possible (e.g. Process before Match). */
  'IMPORT_WRONG_STAGE',
  'CONTACT_NOT_FOUND',
  'STAGED_CONTACT_NOT_FOUND',
  'TEAM_NOT_FOUND',
  'LIST_NOT_FOUND',
  'MAPPING_UPLOAD_NOT_FOUND',
  'TEAM_EXISTS',
  /** An action that discards or overwrites data was asked for without its confirmation. */
  'CONFIRMATION_REQUIRED',
  /** Undo refused: something it would restore was changed again since the import. */
  'UNDO_CONFLICT',
  'INTERNAL_ERROR',
] as const;

export const rowErrorCodes = [
  'ROW_REQUIRED_MISSING',
  'ROW_INVALID_DATE',
  'ROW_INVALID_EMAIL',
  'ROW_INVALID_PHONE',
  'ROW_INVALID_URL',
  'ROW_INVALID_BOOLEAN',
  'ROW_INVALID_NUMBER',
  'ROW_UNKNOWN_CODE',
  'ROW_UNKNOWN_CATEGORY',
  'ROW_UNKNOWN_CUSTOM_FIELD',
  'ROW_TOO_LONG',
  'ROW_TOO_MANY_VALUES',
  'ROW_BAD_ENCODING',
  'ROW_MALFORMED_CSV',
  'ROW_LINE_TOO_LONG',
  'ROW_FIELD_TOO_LONG',
  'ROW_DUPLICATE_KEY',
  'ROW_MISSING_KEY',
  'ROW_ORPHAN',
] as const;

export type PackageErrorCode = (typeof packageErrorCodes)[number];
export type RequestErrorCode = (typeof requestErrorCodes)[number];
export type RowErrorCode = (typeof rowErrorCodes)[number];
export type ErrorCode = PackageErrorCode | RequestErrorCode | RowErrorCode;

export interface ErrorLocation {
  file?: string;
  line?: number;
  column?: string;
  value?: string;
}

export class DovetailError extends Error {
  override readonly name = 'DovetailError';
  constructor(
    readonly code: PackageErrorCode | RequestErrorCode,
    message: string,
    readonly location: ErrorLocation = {},
    /** Figures a client shows with the message, e.g. { unprocessed: 12 } for a confirmation. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** One problem with one row; a row can have several. */
export interface RowProblem {
  code: RowErrorCode;
  message: string;
  column?: string;
  value?: string;
}

export function isDovetailError(error: unknown): error is DovetailError {
  return error instanceof DovetailError;
}

/** Formats an error with its location, as the CLI and the job's failure message show it. */
export function describeError(error: DovetailError): string {
  const { file, line, column, value } = error.location;
  const where = [
    file && `file ${file}`,
    line !== undefined && `line ${line}`,
    column && `column "${column}"`,
    value !== undefined && `value "${value}"`,
  ].filter(Boolean);
  return where.length > 0 ? `${error.message} (${where.join(', ')})` : error.message;
}

const notFoundCodes = new Set<ErrorCode>([
  'USER_NOT_FOUND',
  'IMPORT_NOT_FOUND',
  'CONTACT_NOT_FOUND',
  'STAGED_CONTACT_NOT_FOUND',
  'TEAM_NOT_FOUND',
  'LIST_NOT_FOUND',
  'MAPPING_UPLOAD_NOT_FOUND',
]);
/** The request was fine but the thing it acts on is not in a state that allows it. */
const conflictCodes = new Set<ErrorCode>([
  'IMPORT_NOT_RUNNING',
  'TEAM_EXISTS',
  'IMPORT_WRONG_STAGE',
  'CONFIRMATION_REQUIRED',
  'UNDO_CONFLICT',
]);

/** Where an error code ends in the CLI: its exit code. httpStatusFor is the server's twin. */
export function exitCodeFor(code: ErrorCode): number {
  if (notFoundCodes.has(code)) return 4;
  if (code === 'INVALID_ARGUMENT') return 2;
  if (code === 'NOT_ALLOWED' || code === 'NOT_AUTHENTICATED') return 5;
  if (conflictCodes.has(code)) return 6;
  return 3;
}

/** Where an error code ends in the HTTP API: its status. Package problems are unprocessable. */
export function httpStatusFor(code: ErrorCode): number {
  if (notFoundCodes.has(code) || code === 'PACKAGE_NOT_FOUND') return 404;
  if (code === 'INVALID_ARGUMENT') return 400;
  if (code === 'NOT_AUTHENTICATED') return 401;
  if (code === 'NOT_ALLOWED') return 403;
  if (conflictCodes.has(code)) return 409;
  if (code === 'PACKAGE_TOO_LARGE') return 413;
  if (code === 'INTERNAL_ERROR') return 500;
  return 422;
}
