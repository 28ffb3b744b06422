/**
 * The file layout of the "Northwind Advisors" examples: what a small advisory firm's CRM export
 * looks like, with spaced headers, legacy status and type codes, and day-first dates. The good
 * and the error example share it; the good one additionally varies encodings and delimiters per
 * file the way real exports do.
 */
import {
  type FileMapping,
  MANIFEST_FILE_NAME,
  type Manifest,
  PACKAGE_FORMAT_VERSION,
} from '../format/package-format.schema.js';
import { buildTargetDefinition, targetDefinitionFileName } from '../format/target-definition.js';
import { jsonFile, mappingInReadingOrder } from '../package-writer/package-json-files.js';
import type { ZipSource } from '../package-writer/zip-package.js';
import { CsvDocument, type CsvDocumentOptions } from './csv-document.js';
import { type ContactStatus, type FakeContact, formatIsoDate } from './fake-contacts.js';
import { phoneTypeCodes } from './sample-package-layout.js';
import { SAMPLE_REFERENCE_DATE, sampleOwner, sampleVocabulary } from './sample-vocabulary.js';

export const statusCodes: Record<ContactStatus, string> = {
  active: 'A',
  inactive: 'I',
  prospect: 'P',
  former: 'F',
};
const addressTypeCodes = { home: 'HOME', business: 'WORK', mailing: 'MAIL', other: 'OTHER' } as const;
const emailTypeCodes = { home: 'Home', business: 'Work' } as const;

const invert = (codes: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(codes).map(([value, code]) => [code, value]));

/** Day-first dates, as the firm's European back office exports them. */
export function dayFirstDate(date: Date | undefined): string | undefined {
  if (!date) return undefined;
  const [year, month, day] = formatIsoDate(date).split('-');
  return `${day}/${month}/${year}`;
}

type Columns = [column: string, attribute: string, lookup?: string][];

interface FileSpec {
  header: readonly string[];
  mapping: Omit<FileMapping, 'formatVersion' | 'file' | 'columns' | 'lookups' | 'defaults'> &
    Partial<Pick<FileMapping, 'lookups' | 'defaults'>>;
  columns: Columns;
}

const spec = (key: string, columns: Columns, mapping: FileSpec['mapping']): FileSpec => ({
  header: [key, ...columns.map(([column]) => column)],
  columns,
  mapping,
});

const base = { encoding: 'utf-8', delimiter: ',', dateFormat: 'YYYY-MM-DD', defaultCountry: 'US' } as const;

export const northwindFiles = {
  'contacts.csv': spec(
    'Contact ID',
    [
      ['Salutation', 'title'],
      ['First Name', 'firstName'],
      ['Middle Name', 'middleName'],
      ['Last Name', 'lastName'],
      ['Date of Birth', 'birthDate'],
      ['Company', 'companyName'],
      ['Job Title', 'position'],
      ['Status', 'status', 'status'],
      ['Risk Profile', 'custom.Risk Profile'],
      ['Last Review', 'user.Last Review'],
    ],
    {
      ...base,
      dataType: 'person',
      keyColumn: 'Contact ID',
      dateFormat: 'DD/MM/YYYY',
      lookups: { status: invert(statusCodes) },
    },
  ),
  'companies.csv': spec(
    'Company ID',
    [
      ['Company Name', 'companyName'],
      ['Industry', 'custom.Industry'],
      ['Status', 'status', 'status'],
    ],
    { ...base, dataType: 'company', keyColumn: 'Company ID', lookups: { status: invert(statusCodes) } },
  ),
  'addresses.csv': spec(
    'Contact ID',
    [
      ['Address Type', 'type', 'addressType'],
      ['Street', 'street'],
      ['Street 2', 'street2'],
      ['City', 'city'],
      ['State/Province', 'state'],
      ['Postal Code', 'postalCode'],
      ['Country', 'country'],
    ],
    {
      ...base,
      dataType: 'address',
      parentKeyColumn: 'Contact ID',
      lookups: { addressType: invert(addressTypeCodes) },
    },
  ),
  'phones.csv': spec(
    'Contact ID',
    [
      ['Type', 'type', 'phoneType'],
      ['Number', 'value'],
    ],
    {
      ...base,
      dataType: 'communication',
      parentKeyColumn: 'Contact ID',
      lookups: { phoneType: invert(phoneTypeCodes) },
      defaults: { channel: 'phone' },
    },
  ),
  'emails.csv': spec(
    'Contact ID',
    [
      ['Email', 'value'],
      ['Type', 'type', 'emailType'],
    ],
    {
      ...base,
      dataType: 'communication',
      parentKeyColumn: 'Contact ID',
      lookups: { emailType: invert(emailTypeCodes) },
      defaults: { channel: 'email' },
    },
  ),
  'notes.csv': spec(
    'Contact ID',
    [
      ['Subject', 'subject'],
      ['Note', 'text'],
      ['Created', 'date'],
    ],
    { ...base, dataType: 'note', parentKeyColumn: 'Contact ID' },
  ),
  'categories.csv': spec('Contact ID', [['Category', 'category']], {
    ...base,
    dataType: 'category',
    parentKeyColumn: 'Contact ID',
  }),
} satisfies Record<string, FileSpec>;

export type NorthwindFileName = keyof typeof northwindFiles;
export const northwindFileNames = Object.keys(northwindFiles) as NorthwindFileName[];

export type NorthwindDocuments = Record<NorthwindFileName, CsvDocument>;

/** One empty document per file; `overrides` sets a file's encoding, delimiter and line ends. */
export function createNorthwindDocuments(
  overrides: Partial<Record<NorthwindFileName, CsvDocumentOptions>> = {},
): NorthwindDocuments {
  return Object.fromEntries(
    northwindFileNames.map((name) => [
      name,
      new CsvDocument(name, northwindFiles[name].header, overrides[name]),
    ]),
  ) as NorthwindDocuments;
}

/** The rows one contact contributes, per file, before they are added (so callers can alter them). */
export function northwindRows(contact: FakeContact): Record<NorthwindFileName, (string | undefined)[][]> {
  const key = contact.key;
  return {
    'contacts.csv':
      contact.kind === 'person'
        ? [
            [
              key,
              contact.title,
              contact.firstName,
              contact.middleName,
              contact.lastName,
              dayFirstDate(contact.birthDate),
              contact.companyName,
              contact.position,
              statusCodes[contact.status],
              contact.riskProfile,
              dayFirstDate(contact.lastReview),
            ],
          ]
        : [],
    'companies.csv':
      contact.kind === 'company'
        ? [[key, contact.companyName, contact.industry, statusCodes[contact.status]]]
        : [],
    'addresses.csv': contact.addresses.map((address) => [
      key,
      addressTypeCodes[address.type],
      address.street,
      address.street2,
      address.city,
      address.state,
      address.postalCode,
      address.country,
    ]),
    'phones.csv': contact.phones.map((phone) => [key, phoneTypeCodes[phone.type], phone.number]),
    'emails.csv': contact.emails.map((email) => [key, email.address, emailTypeCodes[email.type]]),
    'notes.csv': contact.notes.map((note) => [key, note.subject, note.text, formatIsoDate(note.date)]),
    'categories.csv': contact.categories.map((category) => [key, category]),
  };
}

/**
 * Every file of the package: manifest, target definition, and each CSV with its mapping.
 * `mappingOverrides` changes a file's mapping (e.g. `encoding: "auto"` for the Windows-1252 file).
 */
export function northwindPackageFiles(
  packageName: string,
  documents: NorthwindDocuments,
  mappingOverrides: Partial<Record<NorthwindFileName, Partial<FileMapping>>> = {},
): ZipSource[] {
  const definitionName = targetDefinitionFileName(sampleOwner);
  const mappingName = (csv: string) => csv.replace(/\.csv$/, '.mapping.json');
  const manifest: Manifest = {
    formatVersion: PACKAGE_FORMAT_VERSION,
    name: packageName,
    createdAt: SAMPLE_REFERENCE_DATE.toISOString(),
    targetDefinition: definitionName,
    files: northwindFileNames.map((csv) => ({ csv, mapping: mappingName(csv) })),
  };
  const files: ZipSource[] = [
    jsonFile(MANIFEST_FILE_NAME, manifest),
    jsonFile(definitionName, buildTargetDefinition(sampleOwner, sampleVocabulary, SAMPLE_REFERENCE_DATE)),
  ];
  for (const csv of northwindFileNames) {
    const { mapping, columns } = northwindFiles[csv];
    const { lookups = {}, defaults = {}, ...settings } = { ...mapping, ...mappingOverrides[csv] };
    const definition: FileMapping = {
      formatVersion: PACKAGE_FORMAT_VERSION,
      file: csv,
      ...settings,
      columns: columns.map(([column, attribute, lookup]) => ({
        column,
        attribute,
        ...(lookup ? { lookup } : {}),
      })),
      lookups,
      defaults,
    };
    files.push(jsonFile(mappingName(csv), mappingInReadingOrder(definition)), {
      name: csv,
      data: documents[csv].toBuffer(),
    });
  }
  return files;
}

export interface ExampleContent {
  name: string;
  files: ZipSource[];
  /** Data rows per CSV. */
  rows: Record<string, number>;
}

/** Contact keys: P0001 for people, C0001 for companies (unique across both files). */
export function pad(index: number): string {
  return String(index).padStart(4, '0');
}

export function rowCounts(documents: NorthwindDocuments): Record<string, number> {
  return Object.fromEntries(northwindFileNames.map((file) => [file, documents[file].rows]));
}
