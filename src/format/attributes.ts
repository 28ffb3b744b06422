/**
 * The catalogue of importable attributes per type of data. It is the single list that the
 * target definition, the mapping validation and the row mapper all read, so an attribute
 * exists everywhere or nowhere.
 */

export const contactDataTypes = ['person', 'company'] as const;
export const childDataTypes = ['address', 'communication', 'note', 'category', 'customField'] as const;
export const dataTypes = [...contactDataTypes, ...childDataTypes] as const;

export type ContactDataType = (typeof contactDataTypes)[number];
export type ChildDataType = (typeof childDataTypes)[number];
export type DataType = (typeof dataTypes)[number];

/** How a raw CSV value is turned into a typed value (see pipeline/map/value-converters.ts). */
export type ValueKind = 'text' | 'date' | 'email' | 'phone' | 'url' | 'code' | 'boolean' | 'communication';

export interface AttributeSpec {
  readonly name: string;
  readonly kind: ValueKind;
  readonly label: string;
  readonly maxLength?: number;
  /** For `code` attributes: the values the target accepts. Lookups translate legacy codes to these. */
  readonly codes?: readonly string[];
}

export const contactStatuses = ['active', 'inactive', 'prospect', 'former'] as const;
export const addressTypes = ['home', 'business', 'mailing', 'other'] as const;
export const communicationChannels = ['phone', 'email', 'web', 'fax'] as const;
export const communicationTypes = ['home', 'business', 'mobile', 'other'] as const;

const text = (name: string, label: string, maxLength = 200): AttributeSpec => ({
  name,
  kind: 'text',
  label,
  maxLength,
});

export const attributeCatalog: Record<DataType, readonly AttributeSpec[]> = {
  person: [
    text('title', 'Title', 40),
    text('firstName', 'First name', 100),
    text('middleName', 'Middle name', 100),
    text('lastName', 'Last name', 100),
    text('preferredName', 'Preferred name', 100),
    text('suffix', 'Suffix', 40),
    { name: 'birthDate', kind: 'date', label: 'Birth date' },
    text('companyName', 'Company', 200),
    text('position', 'Position', 200),
    { name: 'status', kind: 'code', label: 'Status', codes: contactStatuses },
  ],
  company: [
    text('companyName', 'Company name', 200),
    text('industry', 'Industry', 100),
    { name: 'status', kind: 'code', label: 'Status', codes: contactStatuses },
  ],
  address: [
    { name: 'type', kind: 'code', label: 'Address type', codes: addressTypes },
    text('street', 'Street', 200),
    text('street2', 'Street (line 2)', 200),
    text('city', 'City', 100),
    text('state', 'State / province', 100),
    text('postalCode', 'Postal code', 20),
    text('country', 'Country', 100),
    { name: 'isPrimary', kind: 'boolean', label: 'Primary address' },
  ],
  communication: [
    { name: 'channel', kind: 'code', label: 'Channel', codes: communicationChannels },
    { name: 'type', kind: 'code', label: 'Communication type', codes: communicationTypes },
    { name: 'value', kind: 'communication', label: 'Phone, email or web address', maxLength: 320 },
    { name: 'isPrimary', kind: 'boolean', label: 'Primary' },
  ],
  note: [
    text('subject', 'Subject', 200),
    text('text', 'Note text', 20_000),
    { name: 'date', kind: 'date', label: 'Note date' },
  ],
  category: [text('category', 'Category', 100)],
  customField: [text('field', 'Custom field name', 100), text('value', 'Custom field value', 2_000)],
};

/** What a row must carry (after defaults) per data type: each rule needs one of its attributes. */
export const requiredAttributes: Record<DataType, readonly { anyOf: readonly string[]; message: string }[]> =
  {
    person: [{ anyOf: ['firstName', 'lastName'], message: 'a person needs a first name or a last name' }],
    company: [{ anyOf: ['companyName'], message: 'a company needs a company name' }],
    address: [
      {
        anyOf: ['street', 'city', 'postalCode'],
        message: 'an address needs at least a street, a city or a postal code',
      },
    ],
    communication: [
      { anyOf: ['value'], message: 'a communication needs a phone number, email or web address' },
    ],
    note: [{ anyOf: ['text'], message: 'a note needs a text' }],
    category: [{ anyOf: ['category'], message: 'a category row needs a category name' }],
    customField: [
      { anyOf: ['field'], message: 'a custom field row needs the name of the field' },
      { anyOf: ['value'], message: 'a custom field row needs a value' },
    ],
  };

/** Prefixes for per-user custom and user fields mapped straight from a contact file column. */
export const customFieldPrefix = 'custom.';
export const userFieldPrefix = 'user.';

export function isContactDataType(type: DataType): type is ContactDataType {
  return (contactDataTypes as readonly string[]).includes(type);
}

export function findAttribute(type: DataType, name: string): AttributeSpec | undefined {
  return attributeCatalog[type].find((attribute) => attribute.name === name);
}
