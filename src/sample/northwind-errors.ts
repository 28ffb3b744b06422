/**
 * "Northwind Advisors export (with errors)": 45 people and 5 companies in the Northwind layout,
 * with one deliberate row error of every common kind. Everything else is valid, so an import must
 * report exactly the errors listed in `expectedErrors` — file, physical line, column and code.
 *
 * Contacts whose own row is rejected get no child rows, except the one address that is there to
 * show that a child of a rejected contact becomes an orphan.
 */
import type { RowErrorCode } from '../errors/dovetail-error.js';
import { createContactGenerator, type FakeContact } from './fake-contacts.js';
import {
  createNorthwindDocuments,
  type ExampleContent,
  type NorthwindDocuments,
  type NorthwindFileName,
  northwindFileNames,
  northwindFiles,
  northwindPackageFiles,
  northwindRows,
  pad,
  rowCounts,
} from './northwind-layout.js';
import { sampleVocabulary } from './sample-vocabulary.js';

export const ERROR_EXAMPLE_NAME = 'Northwind Advisors export (with errors)';
const ERROR_EXAMPLE_SEED = 20_250_116;
const PEOPLE = 45;
const COMPANIES = 5;

export interface ExpectedRowError {
  file: NorthwindFileName;
  /** 1-based physical line on which the row starts; the header is line 1. */
  line: number;
  /** Header of the offending column (the first one for "first or last name"); null when the whole row is at fault. */
  column: string | null;
  code: RowErrorCode;
  /** The offending value, for people reading the list. */
  value?: string;
  why: string;
}

export interface ErrorExampleContent extends ExampleContent {
  expectedErrors: ExpectedRowError[];
}

/** Contacts whose own row is rejected, so none of their children may appear (but one, on purpose). */
const rejected = { noName: 'P0005', impossibleBirthDate: 'P0009', futureBirthDate: 'P0014' } as const;
const duplicatedKey = 'P0020';
const missingParentKey = 'P0999';

export function buildErrorExample(): ErrorExampleContent {
  const generator = createContactGenerator({
    seed: ERROR_EXAMPLE_SEED,
    categories: sampleVocabulary.categories,
  });
  const contacts: FakeContact[] = [];
  for (let index = 1; index <= PEOPLE; index++) contacts.push(generator.person(`P${pad(index)}`));
  for (let index = 1; index <= COMPANIES; index++) contacts.push(generator.company(`C${pad(index)}`));

  const documents: NorthwindDocuments = createNorthwindDocuments();
  const expectedErrors: ExpectedRowError[] = [];
  const add = (file: NorthwindFileName, row: (string | undefined)[]) => documents[file].addRow(row);
  const expect = (
    file: NorthwindFileName,
    line: number,
    column: string | null,
    code: RowErrorCode,
    value: string | undefined,
    why: string,
  ) => expectedErrors.push({ file, line, column, code, ...(value === undefined ? {} : { value }), why });
  const column = (file: NorthwindFileName, index: number): string => northwindFiles[file].header[index]!;

  for (const contact of contacts) {
    const key = contact.key;
    if (Object.values<string>(rejected).includes(key) || key === duplicatedKey) withoutChildren(contact);
    const rows = northwindRows(contact);
    const person = rows['contacts.csv'][0];
    if (key === 'P0002') {
      // A multi-line note before the malformed one, so physical lines and record numbers differ.
      rows['notes.csv'].push([
        key,
        'Phone call',
        'Discussed the move to Lyon.\nWants the statements in French.',
        '2024-02-12',
      ]);
    }
    if (person && key === rejected.noName) person.splice(2, 3, '', '', '');
    if (person && key === rejected.impossibleBirthDate) person[5] = '31/02/1980';
    if (person && key === rejected.futureBirthDate) person[5] = '14/05/2091';

    const lines = Object.fromEntries(
      northwindFileNames.map((file) => [file, rows[file].map((row) => add(file, row))]),
    ) as Record<NorthwindFileName, number[]>;
    const contactLine = lines['contacts.csv'][0] ?? 0;

    switch (key) {
      case 'P0003':
        expect(
          'phones.csv',
          add('phones.csv', [key, 'W', '12']),
          column('phones.csv', 2),
          'ROW_INVALID_PHONE',
          '12',
          'Too short to be a phone number.',
        );
        break;
      case 'P0004':
        expect(
          'phones.csv',
          add('phones.csv', [key, 'X', generator.phoneNumber('US')]),
          column('phones.csv', 1),
          'ROW_UNKNOWN_CODE',
          'X',
          'Phone type code "X" is not in the phoneType lookup (H, W, M).',
        );
        break;
      case rejected.noName:
        expect(
          'contacts.csv',
          contactLine,
          column('contacts.csv', 2),
          'ROW_REQUIRED_MISSING',
          undefined,
          'A person needs a first or a last name; this row has neither.',
        );
        expect(
          'addresses.csv',
          add('addresses.csv', [
            key,
            'HOME',
            '18 Rue des Lilas',
            '',
            'Nantes',
            'Pays de la Loire',
            '44000',
            'France',
          ]),
          column('addresses.csv', 0),
          'ROW_ORPHAN',
          key,
          `Address of contact ${key}, whose own row is rejected.`,
        );
        break;
      case 'P0007':
        expect(
          'emails.csv',
          add('emails.csv', [key, 'jane.doe@', 'Home']),
          column('emails.csv', 1),
          'ROW_INVALID_EMAIL',
          'jane.doe@',
          'Email address without a domain.',
        );
        break;
      case rejected.impossibleBirthDate:
        expect(
          'contacts.csv',
          contactLine,
          column('contacts.csv', 5),
          'ROW_INVALID_DATE',
          '31/02/1980',
          'There is no 31 February.',
        );
        break;
      case 'P0010':
        expect(
          'categories.csv',
          add('categories.csv', [key, 'Golf Partner']),
          column('categories.csv', 1),
          'ROW_UNKNOWN_CATEGORY',
          'Golf Partner',
          'Not one of the categories of the target definition.',
        );
        break;
      case 'P0011': {
        // An unquoted comma in the street splits it in two and pushes every later value one column right.
        const line = documents['addresses.csv'].addRawLine(
          `${key},WORK,12 Harbour Street, Suite 4,,Boston,MA,02110,United States`,
        );
        expect(
          'addresses.csv',
          line,
          null,
          'ROW_TOO_MANY_VALUES',
          'United States',
          'An unquoted comma in "12 Harbour Street, Suite 4" makes 9 values for 8 columns.',
        );
        break;
      }
      case 'P0012': {
        // Text after the closing quote of a quoted field; the next rows must still be read.
        const line = documents['notes.csv'].addRawLine(
          `${key},"Call back" later,Asked for a call next week.,2024-03-05`,
        );
        expect(
          'notes.csv',
          line,
          null,
          'ROW_MALFORMED_CSV',
          undefined,
          'Text after the closing quote of "Call back".',
        );
        break;
      }
      case rejected.futureBirthDate:
        expect(
          'contacts.csv',
          contactLine,
          column('contacts.csv', 5),
          'ROW_INVALID_DATE',
          '14/05/2091',
          'Birth date in the future.',
        );
        break;
      case duplicatedKey: {
        const twin = withoutChildren(generator.person(key));
        expect(
          'contacts.csv',
          add('contacts.csv', northwindRows(twin)['contacts.csv'][0]!),
          column('contacts.csv', 0),
          'ROW_DUPLICATE_KEY',
          key,
          `Second contact with key ${key}.`,
        );
        break;
      }
      case 'P0030':
        expect(
          'phones.csv',
          add('phones.csv', [missingParentKey, 'H', generator.phoneNumber('US')]),
          column('phones.csv', 0),
          'ROW_ORPHAN',
          missingParentKey,
          `No contact has key ${missingParentKey}.`,
        );
        break;
    }
  }

  const fileOrder = (file: NorthwindFileName) => northwindFileNames.indexOf(file);
  expectedErrors.sort((a, b) => fileOrder(a.file) - fileOrder(b.file) || a.line - b.line);
  const files = northwindPackageFiles(ERROR_EXAMPLE_NAME, documents);
  return { name: ERROR_EXAMPLE_NAME, files, rows: rowCounts(documents), expectedErrors };
}

function withoutChildren<T extends FakeContact>(contact: T): T {
  contact.addresses = [];
  contact.phones = [];
  contact.emails = [];
  contact.notes = [];
  contact.categories = [];
  return contact;
}
