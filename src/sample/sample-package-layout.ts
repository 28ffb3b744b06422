/**
 * The file layout of a generated sample package: one CSV per kind of data, a clean UTF-8,
 * comma-separated export such as a CRM would produce, with the mapping that describes each file.
 * `rowsOf` turns one fake contact into the rows it contributes to every file.
 */
import type { FileMapping } from '../format/package-format.schema.js';
import { PACKAGE_FORMAT_VERSION } from '../format/package-format.schema.js';
import { type FakeContact, formatIsoDate } from './fake-contacts.js';

export type Cell = string | undefined;

export interface SampleFile {
  csv: string;
  mapping: string;
  header: readonly string[];
  definition: FileMapping;
}

/** Legacy phone type codes of the source system, translated by the "phoneType" lookup. */
export const phoneTypeCodes = { home: 'H', business: 'W', mobile: 'M' } as const;

const mapping = (
  file: string,
  dataType: FileMapping['dataType'],
  columns: [column: string, attribute: string, lookup?: string][],
  extra: Partial<FileMapping> = {},
): FileMapping => ({
  formatVersion: PACKAGE_FORMAT_VERSION,
  file,
  dataType,
  encoding: 'utf-8',
  delimiter: ',',
  dateFormat: 'YYYY-MM-DD',
  defaultCountry: 'US',
  ...extra,
  columns: columns.map(([column, attribute, lookup]) => ({
    column,
    attribute,
    ...(lookup ? { lookup } : {}),
  })),
  lookups: extra.lookups ?? {},
  defaults: extra.defaults ?? {},
});

const sampleFile = (
  csv: string,
  dataType: FileMapping['dataType'],
  link: { keyColumn: string } | { parentKeyColumn: string },
  columns: [column: string, attribute: string, lookup?: string][],
  extra: Partial<FileMapping> = {},
): SampleFile => {
  const keyColumn = 'keyColumn' in link ? link.keyColumn : link.parentKeyColumn;
  return {
    csv,
    mapping: csv.replace(/\.csv$/, '.mapping.json'),
    header: [keyColumn, ...columns.map(([column]) => column)],
    definition: mapping(csv, dataType, columns, { ...link, ...extra }),
  };
};

export const sampleFiles = {
  people: sampleFile('people.csv', 'person', { keyColumn: 'PersonId' }, [
    ['Title', 'title'],
    ['FirstName', 'firstName'],
    ['MiddleName', 'middleName'],
    ['LastName', 'lastName'],
    ['BirthDate', 'birthDate'],
    ['Company', 'companyName'],
    ['JobTitle', 'position'],
    ['Status', 'status'],
    ['RiskProfile', 'custom.Risk Profile'],
    ['LastReview', 'user.Last Review'],
  ]),
  companies: sampleFile('companies.csv', 'company', { keyColumn: 'CompanyId' }, [
    ['CompanyName', 'companyName'],
    ['Industry', 'custom.Industry'],
    ['Status', 'status'],
  ]),
  addresses: sampleFile('addresses.csv', 'address', { parentKeyColumn: 'ContactId' }, [
    ['AddressType', 'type'],
    ['Street', 'street'],
    ['Street2', 'street2'],
    ['City', 'city'],
    ['State', 'state'],
    ['PostalCode', 'postalCode'],
    ['Country', 'country'],
    ['IsPrimary', 'isPrimary'],
  ]),
  phones: sampleFile(
    'phones.csv',
    'communication',
    { parentKeyColumn: 'ContactId' },
    [
      ['PhoneType', 'type', 'phoneType'],
      ['PhoneNumber', 'value'],
    ],
    { lookups: { phoneType: { H: 'home', W: 'business', M: 'mobile' } }, defaults: { channel: 'phone' } },
  ),
  emails: sampleFile(
    'emails.csv',
    'communication',
    { parentKeyColumn: 'ContactId' },
    [
      ['EmailType', 'type'],
      ['Email', 'value'],
    ],
    { defaults: { channel: 'email' } },
  ),
  notes: sampleFile('notes.csv', 'note', { parentKeyColumn: 'ContactId' }, [
    ['Subject', 'subject'],
    ['Note', 'text'],
    ['NoteDate', 'date'],
  ]),
  categories: sampleFile('categories.csv', 'category', { parentKeyColumn: 'ContactId' }, [
    ['Category', 'category'],
  ]),
} as const satisfies Record<string, SampleFile>;

export type SampleFileName = keyof typeof sampleFiles;

const isoDate = (date: Date | undefined): Cell => (date ? formatIsoDate(date) : undefined);

/** Calls `emit(file, row)` for every row the contact contributes, in file order. */
export function rowsOf(contact: FakeContact, emit: (file: SampleFileName, row: Cell[]) => void): void {
  const key = contact.key;
  if (contact.kind === 'person') {
    emit('people', [
      key,
      contact.title,
      contact.firstName,
      contact.middleName,
      contact.lastName,
      isoDate(contact.birthDate),
      contact.companyName,
      contact.position,
      contact.status,
      contact.riskProfile,
      isoDate(contact.lastReview),
    ]);
  } else {
    emit('companies', [key, contact.companyName, contact.industry, contact.status]);
  }
  contact.addresses.forEach((address, index) => {
    emit('addresses', [
      key,
      address.type,
      address.street,
      address.street2,
      address.city,
      address.state,
      address.postalCode,
      address.country,
      index === 0 ? 'true' : 'false',
    ]);
  });
  for (const phone of contact.phones) emit('phones', [key, phoneTypeCodes[phone.type], phone.number]);
  for (const email of contact.emails) emit('emails', [key, email.type, email.address]);
  for (const note of contact.notes) emit('notes', [key, note.subject, note.text, isoDate(note.date)]);
  for (const category of contact.categories) emit('categories', [key, category]);
}
