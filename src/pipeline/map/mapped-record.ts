import type { ChildDataType, ContactDataType } from '../../format/attributes.js';

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
