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
  type Problem = Omit<ExpectedRowError, 'file' | 'line'>;
  /** Adds a bad row (values, or raw text for rows no CSV writer would produce) and expects its error. */
  const addBadRow = (file: NorthwindFileName, row: (string | undefined)[] | string, problem: Problem) => {
    const line = typeof row === 'string' ? documents[file].addRawLine(row) : documents[file].addRow(row);
    expectedErrors.push({ file, line, ...problem });
  };

  for (const contact of contacts) {
    const key = contact.key;
    if (Object.values<string>(rejected).includes(key) || key === duplicatedKey) withoutChildren(contact);
    const rows = northwindRows(contact);
    if (key === 'P0002') {
      // A multi-line note before the malformed one, so physical lines and record numbers differ.
      const text = 'Discussed the move to Lyon.\nWants the statements in French.';
      rows['notes.csv'].push([key, 'Phone call', text, '2024-02-12']);
    }
    // Contact rows: index 2-4 are first, middle and last name, 5 the birth date.
    const person = rows['contacts.csv'][0];
    const contactProblem: Problem | undefined =
      key === rejected.noName
        ? {
            column: 'First Name',
            code: 'ROW_REQUIRED_MISSING',
            why: 'A person needs a first or a last name; this row has neither.',
          }
        : key === rejected.impossibleBirthDate
          ? {
              column: 'Date of Birth',
              code: 'ROW_INVALID_DATE',
              value: '31/02/1980',
              why: 'There is no 31 February.',
            }
          : key === rejected.futureBirthDate
            ? {
                column: 'Date of Birth',
                code: 'ROW_INVALID_DATE',
                value: '14/05/2091',
                why: 'Birth date in the future.',
              }
            : undefined;
    if (person && contactProblem) {
      if (contactProblem.code === 'ROW_REQUIRED_MISSING') person.splice(2, 3, '', '', '');
      else person[5] = contactProblem.value;
      addBadRow('contacts.csv', person, contactProblem);
      rows['contacts.csv'] = [];
    }
    for (const file of northwindFileNames) for (const row of rows[file]) documents[file].addRow(row);

    switch (key) {
      case 'P0003':
        addBadRow('phones.csv', [key, 'W', '12'], {
          column: 'Number',
          code: 'ROW_INVALID_PHONE',
          value: '12',
          why: 'Too short to be a phone number.',
        });
        break;
      case 'P0004':
        addBadRow('phones.csv', [key, 'X', generator.phoneNumber('US')], {
          column: 'Type',
          code: 'ROW_UNKNOWN_CODE',
          value: 'X',
          why: 'Phone type code "X" is not in the phoneType lookup (H, W, M).',
        });
        break;
      case rejected.noName:
        addBadRow(
          'addresses.csv',
          [key, 'HOME', '18 Rue des Lilas', '', 'Nantes', 'Pays de la Loire', '44000', 'France'],
          {
            column: 'Contact ID',
            code: 'ROW_ORPHAN',
            value: key,
            why: `Address of contact ${key}, whose own row is rejected.`,
          },
        );
        break;
      case 'P0007':
        addBadRow('emails.csv', [key, 'jane.doe@', 'Home'], {
          column: 'Email',
          code: 'ROW_INVALID_EMAIL',
          value: 'jane.doe@',
          why: 'Email address without a domain.',
        });
        break;
      case 'P0010':
        addBadRow('categories.csv', [key, 'Golf Partner'], {
          column: 'Category',
          code: 'ROW_UNKNOWN_CATEGORY',
          value: 'Golf Partner',
          why: 'Not one of the categories of the target definition.',
        });
        break;
      case 'P0011':
        // An unquoted comma in the street splits it in two and pushes the later values one column right.
        addBadRow('addresses.csv', `${key},WORK,12 Harbour Street, Suite 4,,Boston,MA,02110,United States`, {
          column: null,
          code: 'ROW_TOO_MANY_VALUES',
          value: 'United States',
          why: 'An unquoted comma in "12 Harbour Street, Suite 4" makes 9 values for 8 columns.',
        });
        break;
      case 'P0012':
        // Text after the closing quote of a quoted field; the rows after it must still be read.
        addBadRow('notes.csv', `${key},"Call back" later,Asked for a call next week.,2024-03-05`, {
          column: null,
          code: 'ROW_MALFORMED_CSV',
          why: 'Text after the closing quote of "Call back".',
        });
        break;
      case duplicatedKey:
        addBadRow('contacts.csv', northwindRows(withoutChildren(generator.person(key)))['contacts.csv'][0]!, {
          column: 'Contact ID',
          code: 'ROW_DUPLICATE_KEY',
          value: key,
          why: `Second contact with key ${key}.`,
        });
        break;
      case 'P0030':
        addBadRow('phones.csv', [missingParentKey, 'H', generator.phoneNumber('US')], {
          column: 'Contact ID',
          code: 'ROW_ORPHAN',
          value: missingParentKey,
          why: `No contact has key ${missingParentKey}.`,
        });
        break;
    }
  }

  const fileOrder = (file: NorthwindFileName) => northwindFileNames.indexOf(file);
  expectedErrors.sort((a, b) => fileOrder(a.file) - fileOrder(b.file) || a.line - b.line);
  // Every bad value refuses its row here, as the example shows refusals; a mapping without
  // onInvalid would stage these rows without the bad value and log a warning instead.
  const strict = { onInvalid: 'refuseRow' } as const;
  const files = northwindPackageFiles(
    ERROR_EXAMPLE_NAME,
    documents,
    Object.fromEntries(northwindFileNames.map((csv) => [csv, strict])),
  );
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
