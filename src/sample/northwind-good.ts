/**
 * "Northwind Advisors export": 300 people and 40 companies, every row valid, but the files are
 * as untidy as real exports are, so an import of it exercises the tolerant paths of the reader:
 *
 * - contacts.csv: UTF-8 with a byte order mark, CRLF line ends, day-first dates (DD/MM/YYYY);
 * - companies.csv: Windows-1252 ("Société Générale Conseil", "Müller & Söhne"), CRLF, read
 *   with `encoding: "auto"`;
 * - addresses.csv: semicolon-separated, read with `delimiter: "auto"`;
 * - notes.csv: quoted notes with commas, doubled quotes and line breaks;
 * - legacy codes everywhere (status A/I/P/F, phone H/W/M, address HOME/WORK/MAIL) translated by lookups.
 */
import { fitsWindows1252 } from './csv-document.js';
import {
  companyDomain,
  createContactGenerator,
  type FakeCompany,
  type FakeContact,
} from './fake-contacts.js';
import {
  createNorthwindDocuments,
  type ExampleContent,
  type NorthwindDocuments,
  northwindFileNames,
  northwindPackageFiles,
  northwindRows,
  pad,
  rowCounts,
} from './northwind-layout.js';
import { sampleVocabulary } from './sample-vocabulary.js';

export const GOOD_EXAMPLE_NAME = 'Northwind Advisors export';
const GOOD_EXAMPLE_SEED = 20_250_115;
const PEOPLE = 300;
const COMPANIES = 40;

/** Names that need Windows-1252's accented letters, plus a comma and quotes that need CSV quoting. */
const handPickedCompanies = [
  'Société Générale Conseil',
  'Müller & Söhne',
  'Café Crème SARL',
  'Bäckerei Groß GmbH',
  'Zürcher Treuhand AG',
  'Hôtel Beau-Séjour',
  'Peña & Asociados',
  'Ørsted Rådgivning ApS',
  'Garçon Frères',
  'Smith, Jones & Partners',
  'The "Blue Door" Agency',
  'Straßenbau Weiß KG',
];

export function buildGoodExample(): ExampleContent {
  const generator = createContactGenerator({
    seed: GOOD_EXAMPLE_SEED,
    categories: sampleVocabulary.categories,
  });
  const contacts: FakeContact[] = [];
  for (let index = 1; index <= PEOPLE; index++) contacts.push(generator.person(`P${pad(index)}`));
  for (let index = 1; index <= COMPANIES; index++) {
    contacts.push(withCompanyName(generator.company(`C${pad(index)}`), handPickedCompanies[index - 1]));
  }
  ensureMultiLineNote(contacts);

  const documents: NorthwindDocuments = createNorthwindDocuments({
    'contacts.csv': { encoding: 'utf-8-bom', newline: '\r\n' },
    'companies.csv': { encoding: 'windows-1252', newline: '\r\n' },
    'addresses.csv': { delimiter: ';' },
  });
  for (const contact of contacts) {
    const rows = northwindRows(contact);
    for (const file of northwindFileNames) for (const row of rows[file]) documents[file].addRow(row);
  }

  const files = northwindPackageFiles(GOOD_EXAMPLE_NAME, documents, {
    'contacts.csv': { encoding: 'utf-8' },
    'companies.csv': { encoding: 'auto' },
    'addresses.csv': { delimiter: 'auto' },
  });
  return { name: GOOD_EXAMPLE_NAME, files, rows: rowCounts(documents) };
}

/**
 * Gives a company a hand-picked name (and matching email domain); generated names that
 * Windows-1252 cannot write are replaced too, since companies.csv is in that encoding.
 */
function withCompanyName(company: FakeCompany, name: string | undefined): FakeCompany {
  const companyName =
    name ?? (fitsWindows1252(company.companyName) ? company.companyName : `Northwind Client ${company.key}`);
  if (companyName === company.companyName) return company;
  const domain = companyDomain(companyName, company.region);
  return {
    ...company,
    companyName,
    emails: company.emails.map((email) => ({
      ...email,
      address: email.address.replace(/@.*$/, `@${domain}`),
    })),
  };
}

/** The generator writes line breaks into some notes; make sure the example has at least one. */
function ensureMultiLineNote(contacts: FakeContact[]): void {
  if (contacts.some((contact) => contact.notes.some((note) => note.text.includes('\n')))) return;
  const first = contacts.find((contact) => contact.notes.length > 0);
  const note = first?.notes[0];
  if (note) note.text += '\nCall back after the "annual review", not before.';
}
