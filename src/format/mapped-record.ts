import type { RowProblem } from '../errors/dovetail-error.js';
import type { ChildDataType, ContactDataType } from './attributes.js';

/** A typed attribute value: text (ISO-8601 for dates, E.164 for phones) or 0/1 for booleans. */
export type AttributeValue = string | number | null;

export interface MappedFieldValue {
  scope: 'custom' | 'user';
  field: string;
  value: string;
}

/** A valid person or company row, ready to stage. */
export interface MappedContact {
  dataType: ContactDataType;
  key: string;
  line: number;
  attributes: Record<string, AttributeValue>;
  fieldValues: MappedFieldValue[];
}

/** A valid child row (address, communication, ...) that belongs to the contact with parentKey. */
export interface MappedChild {
  dataType: ChildDataType;
  parentKey: string;
  line: number;
  attributes: Record<string, AttributeValue>;
}

export type MappedRecord = MappedContact | MappedChild;

/**
 * What mapping one row gives: a record to stage (with a warning for every invalid optional value
 * left out of it), or every reason it cannot be imported.
 */
export type RowResult =
  | { ok: true; record: MappedRecord; warnings: RowProblem[] }
  | { ok: false; problems: RowProblem[]; key: string | undefined };

export interface MappedRow {
  line: number;
  /** The row as it was in the file, for the error file. */
  rawValues: string[];
  result: RowResult;
}

/** A batch of mapped rows of one file: the unit the stage step commits. */
export interface MappedBatch {
  rows: MappedRow[];
  /** Raw bytes of the file read so far, for progress. */
  bytesRead: number;
}
