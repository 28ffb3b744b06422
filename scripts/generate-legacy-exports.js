// Writes the legacy exports the mapping tool's suggestions are measured on
// (test/fixtures/legacy-exports/<export>/): differently-shaped CSVs as real systems write them,
// each with truth.json, the right target of every column. Run `npm run fixtures:legacy-exports`
// (it builds first). The output is deterministic, so re-running changes nothing.
//
// A truth column is an attribute ("lastName"), a child target of a wide file ("phone/mobile.value",
// "address/home.city"; a group "*" accepts any group), "(key)", "(parentKey)" or null (not imported).
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { toCsvLine } from '../dist/format/csv-line.js';
import { createContactGenerator } from '../dist/sample/fake-contacts.js';
import { sampleVocabulary } from '../dist/sample/sample-vocabulary.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'legacy-exports');
const CONTACTS = 40;

const pad = (n) => String(n).padStart(2, '0');
const date = (d, format) => {
  if (!d) return '';
  const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
  return format
    .replace('YYYY', String(y))
    .replace('YY', String(y).slice(2))
    .replace('MM', pad(m))
    .replace('DD', pad(day))
    .replace('M', String(m))
    .replace('D', String(day));
};
const code = (table) => (value) => table[value] ?? value;
const phoneOf = (c, type) => c.phones.find((p) => p.type === type)?.number ?? '';
const addressOf = (c, type) => c.addresses.find((a) => a.type === type) ?? c.addresses[0];
const people = (seed) => {
  const generator = createContactGenerator({ seed, categories: sampleVocabulary.categories });
  return Array.from({ length: CONTACTS }, (_, i) => generator.person(`P${1000 + i}`));
};
const companies = (seed) => {
  const generator = createContactGenerator({ seed, categories: sampleVocabulary.categories });
  return Array.from({ length: CONTACTS }, (_, i) => generator.company(`V${500 + i}`));
};

/** One CSV: columns are [header, truth, value(row)]. */
function csv(
  name,
  columns,
  rows,
  { encoding = 'utf-8', delimiter = ',', bom = false, newline = '\r\n' } = {},
) {
  const lines = [
    toCsvLine(
      columns.map(([header]) => header),
      delimiter,
    ),
  ];
  for (const row of rows)
    lines.push(
      toCsvLine(
        columns.map(([, , value]) => value(row) ?? ''),
        delimiter,
      ),
    );
  const text = lines.join(newline) + newline;
  let bytes = iconv.encode(text, encoding === 'utf-16le' ? 'utf-16le' : encoding);
  if (bom)
    bytes = Buffer.concat([
      encoding === 'utf-16le' ? Buffer.from([0xff, 0xfe]) : Buffer.from([0xef, 0xbb, 0xbf]),
      bytes,
    ]);
  return { name, bytes, truth: Object.fromEntries(columns.map(([header, truth]) => [header, truth])) };
}

const children = (contacts, list) =>
  contacts.flatMap((contact) => list(contact).map((item) => ({ contact, item })));

const exports = {
  // 1. One wide sheet with everything, as small CRMs export it.
  'crm-wide-en': (seed) => [
    csv(
      'customers.csv',
      [
        ['Customer ID', '(key)', (c) => c.key],
        ['Title', 'title', (c) => c.title],
        ['First Name', 'firstName', (c) => c.firstName],
        ['Last Name', 'lastName', (c) => c.lastName],
        ['DOB', 'birthDate', (c) => date(c.birthDate, 'MM/DD/YYYY')],
        ['Company', 'companyName', (c) => c.companyName],
        ['Job Title', 'position', (c) => c.position],
        ['Email', 'email/*.value', (c) => c.emails[0]?.address],
        ['Home Phone', 'phone/home.value', (c) => phoneOf(c, 'home')],
        ['Work Phone', 'phone/business.value', (c) => phoneOf(c, 'business')],
        ['Cell', 'phone/mobile.value', (c) => phoneOf(c, 'mobile')],
        ['Address 1', 'address/*.street', (c) => addressOf(c, 'home')?.street],
        ['Address 2', 'address/*.street2', (c) => addressOf(c, 'home')?.street2],
        ['City', 'address/*.city', (c) => addressOf(c, 'home')?.city],
        ['State', 'address/*.state', (c) => addressOf(c, 'home')?.state],
        ['Zip', 'address/*.postalCode', (c) => addressOf(c, 'home')?.postalCode],
        ['Country', 'address/*.country', (c) => addressOf(c, 'home')?.country],
        ['Status', 'status', code({ active: 'A', inactive: 'I', prospect: 'P', former: 'F' })],
        ['Notes', 'note/*.text', (c) => c.notes[0]?.text],
      ].map(([h, t, f]) => [h, t, h === 'Status' ? (c) => f(c.status) : f]),
      people(seed),
    ),
  ],
  // 2. A legacy database, one table per file, upper-case column names and one-letter codes.
  'split-tables-en': (seed) => {
    const contacts = people(seed);
    return [
      csv(
        'CONTACTS.csv',
        [
          ['CONTACT_ID', '(key)', (c) => c.key],
          ['LNAME', 'lastName', (c) => c.lastName],
          ['FNAME', 'firstName', (c) => c.firstName],
          ['MNAME', 'middleName', (c) => c.middleName],
          ['BIRTH_DT', 'birthDate', (c) => date(c.birthDate, 'YYYYMMDD')],
          ['EMPLOYER', 'companyName', (c) => c.companyName],
          [
            'STATUS_CD',
            'status',
            (c) => ({ active: 'A', inactive: 'I', prospect: 'P', former: 'F' })[c.status],
          ],
        ],
        contacts,
      ),
      csv(
        'PHONES.csv',
        [
          ['PHONE_ID', null, (r) => `PH${r.index}`],
          ['CONTACT_ID', '(parentKey)', (r) => r.contact.key],
          ['PHONE_TYPE', 'type', (r) => ({ home: 'H', business: 'W', mobile: 'M' })[r.item.type]],
          ['PHONE_NO', 'value', (r) => r.item.number],
        ],
        children(contacts, (c) => c.phones).map((r, index) => ({ ...r, index })),
      ),
      csv(
        'ADDRESSES.csv',
        [
          ['ADDR_ID', null, (r) => `A${r.index}`],
          ['CONTACT_ID', '(parentKey)', (r) => r.contact.key],
          ['ADDR_TYPE', 'type', (r) => ({ home: 'H', business: 'B', mailing: 'M', other: 'O' })[r.item.type]],
          ['LINE1', 'street', (r) => r.item.street],
          ['LINE2', 'street2', (r) => r.item.street2],
          ['TOWN', 'city', (r) => r.item.city],
          ['COUNTY', 'state', (r) => r.item.state],
          ['POSTCODE', 'postalCode', (r) => r.item.postalCode],
          ['COUNTRY', 'country', (r) => r.item.country],
        ],
        children(contacts, (c) => c.addresses).map((r, index) => ({ ...r, index })),
      ),
      csv(
        'EMAILS.csv',
        [
          ['CONTACT_ID', '(parentKey)', (r) => r.contact.key],
          ['EMAIL_ADDR', 'value', (r) => r.item.address],
          ['PRIMARY_FLAG', 'isPrimary', (r) => (r.index === 0 ? 'Y' : 'N')],
        ],
        contacts.flatMap((contact) => contact.emails.map((item, index) => ({ contact, item, index }))),
      ),
    ];
  },
  // 3. Outlook's "Export to a file" CSV: Windows-1252, no id column (the email is the best key).
  'outlook-export': (seed) => [
    csv(
      'Outlook Contacts.csv',
      [
        ['Title', 'title', (c) => c.title],
        ['First Name', 'firstName', (c) => c.firstName],
        ['Middle Name', 'middleName', (c) => c.middleName],
        ['Last Name', 'lastName', (c) => c.lastName],
        ['Suffix', 'suffix', () => ''],
        ['Company', 'companyName', (c) => c.companyName],
        ['Department', null, () => ''],
        ['Job Title', 'position', (c) => c.position],
        [
          'Business Street',
          'address/business.street',
          (c) => c.addresses.find((a) => a.type === 'business')?.street,
        ],
        [
          'Business City',
          'address/business.city',
          (c) => c.addresses.find((a) => a.type === 'business')?.city,
        ],
        [
          'Business State',
          'address/business.state',
          (c) => c.addresses.find((a) => a.type === 'business')?.state,
        ],
        [
          'Business Postal Code',
          'address/business.postalCode',
          (c) => c.addresses.find((a) => a.type === 'business')?.postalCode,
        ],
        [
          'Business Country/Region',
          'address/business.country',
          (c) => c.addresses.find((a) => a.type === 'business')?.country,
        ],
        ['Home Street', 'address/home.street', (c) => c.addresses.find((a) => a.type === 'home')?.street],
        ['Home City', 'address/home.city', (c) => c.addresses.find((a) => a.type === 'home')?.city],
        ['Home State', 'address/home.state', (c) => c.addresses.find((a) => a.type === 'home')?.state],
        [
          'Home Postal Code',
          'address/home.postalCode',
          (c) => c.addresses.find((a) => a.type === 'home')?.postalCode,
        ],
        [
          'Home Country/Region',
          'address/home.country',
          (c) => c.addresses.find((a) => a.type === 'home')?.country,
        ],
        ['Business Fax', 'fax/business.value', () => ''],
        ['Business Phone', 'phone/business.value', (c) => phoneOf(c, 'business')],
        ['Home Phone', 'phone/home.value', (c) => phoneOf(c, 'home')],
        ['Mobile Phone', 'phone/mobile.value', (c) => phoneOf(c, 'mobile')],
        ['Birthday', 'birthDate', (c) => date(c.birthDate, 'M/D/YYYY')],
        [
          'E-mail Address',
          'email/*.value',
          (c) => c.emails[0]?.address ?? `${c.key.toLowerCase()}@example.com`,
        ],
        ['E-mail 2 Address', 'email/*.value', (c) => c.emails[1]?.address],
        ['Notes', 'note/*.text', (c) => c.notes[0]?.text],
        ['Web Page', 'web/*.value', () => ''],
        ['Categories', 'category/*.category', (c) => c.categories.join(';')],
      ],
      people(seed),
      { encoding: 'windows-1252' },
    ),
  ],
  // 4. Google Contacts' CSV: numbered groups of columns with their own type columns.
  'google-contacts': (seed) => [
    csv(
      'contacts.csv',
      [
        ['Name', null, (c) => `${c.firstName} ${c.lastName}`],
        ['Given Name', 'firstName', (c) => c.firstName],
        ['Additional Name', 'middleName', (c) => c.middleName],
        ['Family Name', 'lastName', (c) => c.lastName],
        ['Name Prefix', 'title', (c) => c.title],
        ['Name Suffix', 'suffix', () => ''],
        ['Nickname', 'preferredName', () => ''],
        ['Birthday', 'birthDate', (c) => date(c.birthDate, 'YYYY-MM-DD')],
        ['Notes', 'note/*.text', (c) => c.notes[0]?.text],
        ['Group Membership', 'category/*.category', (c) => ['* myContacts', ...c.categories].join(' ::: ')],
        [
          'E-mail 1 - Type',
          'email/1.type',
          (c) => (c.emails[0] ? (c.emails[0].type === 'home' ? '* Home' : 'Work') : ''),
        ],
        [
          'E-mail 1 - Value',
          'email/1.value',
          (c) => c.emails[0]?.address ?? `${c.key.toLowerCase()}@example.com`,
        ],
        [
          'Phone 1 - Type',
          'phone/1.type',
          (c) => ({ home: 'Home', business: 'Work', mobile: 'Mobile' })[c.phones[0]?.type] ?? '',
        ],
        ['Phone 1 - Value', 'phone/1.value', (c) => c.phones[0]?.number],
        [
          'Phone 2 - Type',
          'phone/2.type',
          (c) => ({ home: 'Home', business: 'Work', mobile: 'Mobile' })[c.phones[1]?.type] ?? '',
        ],
        ['Phone 2 - Value', 'phone/2.value', (c) => c.phones[1]?.number],
        [
          'Address 1 - Type',
          'address/1.type',
          (c) => (c.addresses[0] ? (c.addresses[0].type === 'home' ? 'Home' : 'Work') : ''),
        ],
        [
          'Address 1 - Formatted',
          null,
          (c) => (c.addresses[0] ? `${c.addresses[0].street}\n${c.addresses[0].city}` : ''),
        ],
        ['Address 1 - Street', 'address/1.street', (c) => c.addresses[0]?.street],
        ['Address 1 - City', 'address/1.city', (c) => c.addresses[0]?.city],
        ['Address 1 - Region', 'address/1.state', (c) => c.addresses[0]?.state],
        ['Address 1 - Postal Code', 'address/1.postalCode', (c) => c.addresses[0]?.postalCode],
        ['Address 1 - Country', 'address/1.country', (c) => c.addresses[0]?.country],
        ['Organization 1 - Name', 'companyName', (c) => c.companyName],
        ['Organization 1 - Title', 'position', (c) => c.position],
        ['Website 1 - Type', 'web/1.type', () => ''],
        ['Website 1 - Value', 'web/1.value', () => ''],
      ],
      people(seed),
    ),
  ],
  // 5. A French CRM: ";" and Windows-1252, one file per table, French headers and codes.
  'crm-fr-tables': (seed) => {
    const contacts = people(seed);
    const options = { encoding: 'windows-1252', delimiter: ';' };
    return [
      csv(
        'clients.csv',
        [
          ['N° client', '(key)', (c) => c.key],
          ['Civilité', 'title', (c) => c.title],
          ['Nom', 'lastName', (c) => c.lastName],
          ['Prénom', 'firstName', (c) => c.firstName],
          ['Date de naissance', 'birthDate', (c) => date(c.birthDate, 'DD/MM/YYYY')],
          ['Société', 'companyName', (c) => c.companyName],
          ['Fonction', 'position', (c) => c.position],
          [
            'Statut',
            'status',
            (c) =>
              ({ active: 'Actif', inactive: 'Inactif', prospect: 'Prospect', former: 'Ancien' })[c.status],
          ],
        ],
        contacts,
        options,
      ),
      csv(
        'adresses.csv',
        [
          ['N° client', '(parentKey)', (r) => r.contact.key],
          [
            'Type',
            'type',
            (r) =>
              ({ home: 'Domicile', business: 'Bureau', mailing: 'Courrier', other: 'Autre' })[r.item.type],
          ],
          ['Adresse', 'street', (r) => r.item.street],
          ['Complément', 'street2', (r) => r.item.street2],
          ['Code postal', 'postalCode', (r) => r.item.postalCode],
          ['Ville', 'city', (r) => r.item.city],
          ['Pays', 'country', (r) => r.item.country],
        ],
        children(contacts, (c) => c.addresses),
        options,
      ),
      csv(
        'coordonnees.csv',
        [
          ['N° client', '(parentKey)', (r) => r.contact.key],
          ['Canal', 'channel', (r) => (r.item.number ? 'Téléphone' : 'Courriel')],
          [
            'Type',
            'type',
            (r) => ({ home: 'Domicile', business: 'Bureau', mobile: 'Portable' })[r.item.type],
          ],
          ['Valeur', 'value', (r) => r.item.number ?? r.item.address],
        ],
        children(contacts, (c) => [...c.phones, ...c.emails]),
        options,
      ),
      csv(
        'remarques.csv',
        [
          ['N° client', '(parentKey)', (r) => r.contact.key],
          ['Date', 'date', (r) => date(r.item.date, 'DD/MM/YYYY')],
          ['Objet', 'subject', (r) => r.item.subject],
          ['Commentaire', 'text', (r) => r.item.text],
        ],
        children(contacts, (c) => c.notes),
        options,
      ),
    ];
  },
  // 6. A purchasing system's vendor list: companies, "|"-delimited, status codes.
  'vendor-list': (seed) => [
    csv(
      'vendors.csv',
      [
        ['VENDOR_NO', '(key)', (c) => c.key],
        ['VENDOR_NAME', 'companyName', (c) => c.companyName],
        ['SIC_DESC', 'industry', (c) => c.industry],
        ['STAT_CD', 'status', (c) => ({ active: 'A', inactive: 'I', prospect: 'P', former: 'F' })[c.status]],
        ['PHONE', 'phone/*.value', (c) => c.phones[0]?.number],
        ['FAX', 'fax/*.value', () => ''],
        ['WEB', 'web/*.value', (c) => `www.${c.emails[0]?.address.split('@')[1] ?? 'example.com'}`],
        ['ADDR1', 'address/*.street', (c) => c.addresses[0]?.street],
        ['CITY', 'address/*.city', (c) => c.addresses[0]?.city],
        ['ST', 'address/*.state', (c) => c.addresses[0]?.state],
        ['ZIP', 'address/*.postalCode', (c) => c.addresses[0]?.postalCode],
      ],
      companies(seed),
      { delimiter: '|' },
    ),
  ],
  // 7. A membership database saved as tab-delimited text, with a group table.
  'members-tab': (seed) => {
    const contacts = people(seed);
    return [
      csv(
        'members.txt',
        [
          ['MemberID', '(key)', (c) => c.key],
          ['Surname', 'lastName', (c) => c.lastName],
          ['Forename', 'firstName', (c) => c.firstName],
          ['Salutation', 'title', (c) => c.title],
          ['DateOfBirth', 'birthDate', (c) => date(c.birthDate, 'DD.MM.YYYY')],
          ['EmailAddress', 'email/*.value', (c) => c.emails[0]?.address],
          ['MobileNumber', 'phone/mobile.value', (c) => phoneOf(c, 'mobile')],
          ['Town', 'address/*.city', (c) => c.addresses[0]?.city],
          ['Postcode', 'address/*.postalCode', (c) => c.addresses[0]?.postalCode],
        ],
        contacts,
        { delimiter: '\t' },
      ),
      csv(
        'member-groups.txt',
        [
          ['MemberID', '(parentKey)', (r) => r.contact.key],
          ['Group', 'category', (r) => r.item],
        ],
        children(contacts, (c) => c.categories),
        { delimiter: '\t' },
      ),
    ];
  },
  // 8. Excel's "Unicode Text": UTF-16LE with a byte order mark, tab-delimited.
  'excel-unicode-text': (seed) => [
    csv(
      'Kontakte export.txt',
      [
        ['Contact ID', '(key)', (c) => c.key],
        ['Last Name', 'lastName', (c) => c.lastName],
        ['First Name', 'firstName', (c) => c.firstName],
        ['Birthday', 'birthDate', (c) => date(c.birthDate, 'DD/MM/YYYY')],
        ['Phone', 'phone/*.value', (c) => c.phones[0]?.number],
        ['E-mail', 'email/*.value', (c) => c.emails[0]?.address],
        ['Country', 'address/*.country', (c) => c.addresses[0]?.country],
      ],
      people(seed),
      { encoding: 'utf-16le', bom: true, delimiter: '\t' },
    ),
  ],
  // 9. Contacts with the user's custom fields, and a key/value table of more fields.
  'custom-fields': (seed) => {
    const contacts = people(seed);
    return [
      csv(
        'person.csv',
        [
          ['Person Id', '(key)', (c) => c.key],
          ['Given name', 'firstName', (c) => c.firstName],
          ['Family name', 'lastName', (c) => c.lastName],
          ['Risk Profile', 'custom.Risk Profile', (c) => c.riskProfile],
          ['Last Review', 'user.Last Review', (c) => date(c.lastReview, 'YYYY-MM-DD')],
        ],
        contacts,
      ),
      csv(
        'person_udf.csv',
        [
          ['Person Id', '(parentKey)', (r) => r.contact.key],
          ['Field Name', 'field', () => 'Industry'],
          ['Field Value', 'value', (r) => r.item],
        ],
        children(contacts, (c) => (c.companyName ? [c.companyName] : [])),
      ),
    ];
  },
  // 10. A CRM's history and tags tables, US dates with two-digit years.
  'history-and-tags': (seed) => {
    const contacts = people(seed);
    return [
      csv(
        'clients.csv',
        [
          ['Client ID', '(key)', (c) => c.key],
          ['Name Last', 'lastName', (c) => c.lastName],
          ['Name First', 'firstName', (c) => c.firstName],
          ['Status', 'status', (c) => c.status],
        ],
        contacts,
      ),
      csv(
        'history.csv',
        [
          ['Note ID', null, (r) => `N${r.index}`],
          ['Client ID', '(parentKey)', (r) => r.contact.key],
          ['Created On', 'date', (r) => date(r.item.date, 'MM/DD/YY')],
          ['Subject', 'subject', (r) => r.item.subject],
          ['Body', 'text', (r) => r.item.text],
        ],
        children(contacts, (c) => c.notes).map((r, index) => ({ ...r, index })),
      ),
      csv(
        'tags.csv',
        [
          ['Client ID', '(parentKey)', (r) => r.contact.key],
          ['Tag', 'category', (r) => r.item],
        ],
        children(contacts, (c) => c.categories),
      ),
    ];
  },
  // 11. A Salesforce-style export: accounts and contacts, "Title" holding job titles.
  'salesforce-style': (seed) => [
    csv(
      'Accounts.csv',
      [
        ['Account Number', '(key)', (c) => c.key],
        ['Account Name', 'companyName', (c) => c.companyName],
        ['Industry', 'industry', (c) => c.industry],
        ['Main Phone', 'phone/*.value', (c) => c.phones[0]?.number],
        [
          'Website',
          'web/*.value',
          (c) => `https://www.${c.emails[0]?.address.split('@')[1] ?? 'example.com'}`,
        ],
        ['Billing Street', 'address/mailing.street', (c) => c.addresses[0]?.street],
        ['Billing City', 'address/mailing.city', (c) => c.addresses[0]?.city],
        ['Billing State/Province', 'address/mailing.state', (c) => c.addresses[0]?.state],
        ['Billing Zip/Postal Code', 'address/mailing.postalCode', (c) => c.addresses[0]?.postalCode],
        ['Billing Country', 'address/mailing.country', (c) => c.addresses[0]?.country],
      ],
      companies(seed),
    ),
    csv(
      'Contacts.csv',
      [
        ['Contact ID', '(key)', (c) => c.key],
        ['Salutation', 'title', (c) => c.title],
        ['First Name', 'firstName', (c) => c.firstName],
        ['Last Name', 'lastName', (c) => c.lastName],
        ['Title', 'position', (c) => c.position || 'Account Manager'],
        ['Account Name', 'companyName', (c) => c.companyName],
        ['Email', 'email/*.value', (c) => c.emails[0]?.address],
        ['Mobile', 'phone/mobile.value', (c) => phoneOf(c, 'mobile')],
        ['Birthdate', 'birthDate', (c) => date(c.birthDate, 'M/D/YYYY')],
        ['Mailing Street', 'address/mailing.street', (c) => c.addresses[0]?.street],
        ['Mailing City', 'address/mailing.city', (c) => c.addresses[0]?.city],
        ['Mailing Zip/Postal Code', 'address/mailing.postalCode', (c) => c.addresses[0]?.postalCode],
        ['Mailing Country', 'address/mailing.country', (c) => c.addresses[0]?.country],
      ],
      people(seed + 1),
    ),
  ],
  // 12. One wide French sheet: UTF-8 with a BOM, ";" (French Excel), abbreviations.
  'fr-wide-excel': (seed) => [
    csv(
      'export_contacts.csv',
      [
        ['Code client', '(key)', (c) => c.key],
        ['Civ.', 'title', (c) => c.title],
        ['NOM', 'lastName', (c) => c.lastName.toUpperCase()],
        ['Prénom', 'firstName', (c) => c.firstName],
        ['Né(e) le', 'birthDate', (c) => date(c.birthDate, 'DD/MM/YYYY')],
        ['Tél. domicile', 'phone/home.value', (c) => phoneOf(c, 'home')],
        ['Tél. bureau', 'phone/business.value', (c) => phoneOf(c, 'business')],
        ['Portable', 'phone/mobile.value', (c) => phoneOf(c, 'mobile')],
        ['Fax', 'fax/*.value', () => ''],
        ['E-mail', 'email/*.value', (c) => c.emails[0]?.address],
        ['Adresse', 'address/*.street', (c) => c.addresses[0]?.street],
        ['Adresse 2', 'address/*.street2', (c) => c.addresses[0]?.street2],
        ['CP', 'address/*.postalCode', (c) => c.addresses[0]?.postalCode],
        ['Ville', 'address/*.city', (c) => c.addresses[0]?.city],
        ['Pays', 'address/*.country', (c) => c.addresses[0]?.country],
        ['Catégorie', 'category/*.category', (c) => c.categories.join(';')],
        ['Remarques', 'note/*.text', (c) => c.notes[0]?.text],
      ],
      people(seed),
      { delimiter: ';', bom: true },
    ),
  ],
  // These three were written after the synonyms were tuned on the twelve exports above and first
  // measured untouched (42 of 51 columns right, 82.4%; see docs/mapping-tool.md), then tuned on.
  // 13. ACT!-style contact export.
  'act-export': (seed) => [
    csv(
      'ACT contacts.csv',
      [
        ['Contact', null, (c) => `${c.firstName} ${c.lastName}`],
        ['Company', 'companyName', (c) => c.companyName],
        ['First Name', 'firstName', (c) => c.firstName],
        ['Last Name', 'lastName', (c) => c.lastName],
        ['Title', 'position', (c) => c.position || 'Director'],
        ['Address 1', 'address/*.street', (c) => c.addresses[0]?.street],
        ['Address 2', 'address/*.street2', (c) => c.addresses[0]?.street2],
        ['City', 'address/*.city', (c) => c.addresses[0]?.city],
        ['State', 'address/*.state', (c) => c.addresses[0]?.state],
        ['ZIP Code', 'address/*.postalCode', (c) => c.addresses[0]?.postalCode],
        ['Country', 'address/*.country', (c) => c.addresses[0]?.country],
        ['Phone', 'phone/*.value', (c) => c.phones[0]?.number],
        ['Mobile Phone', 'phone/mobile.value', (c) => phoneOf(c, 'mobile')],
        ['Fax', 'fax/*.value', () => ''],
        ['E-mail', 'email/*.value', (c) => c.emails[0]?.address],
        ['Web Site', 'web/*.value', () => ''],
        ['ID/Status', 'status', (c) => c.status],
        ['Birth Date', 'birthDate', (c) => date(c.birthDate, 'MM/DD/YYYY')],
        ['Record Creator', null, () => 'Chris Admin'],
        ['Create Date', null, () => '01/15/2020'],
        ['Referred By', null, () => ''],
      ],
      people(seed),
    ),
  ],
  // 14. A Quebec practice system, French-Canadian headers.
  'quebec-dossiers': (seed) => [
    csv(
      'dossiers.csv',
      [
        ['No dossier', '(key)', (c) => c.key],
        ['Nom de famille', 'lastName', (c) => c.lastName],
        ['Prénom', 'firstName', (c) => c.firstName],
        ['Sexe', null, () => 'F'],
        ['Date naiss.', 'birthDate', (c) => date(c.birthDate, 'YYYY-MM-DD')],
        ['Téléphone (rés.)', 'phone/home.value', (c) => phoneOf(c, 'home')],
        ['Téléphone (trav.)', 'phone/business.value', (c) => phoneOf(c, 'business')],
        ['Cellulaire', 'phone/mobile.value', (c) => phoneOf(c, 'mobile')],
        ['Courriel', 'email/*.value', (c) => c.emails[0]?.address],
        ['Adresse civique', 'address/*.street', (c) => c.addresses[0]?.street],
        ['Municipalité', 'address/*.city', (c) => c.addresses[0]?.city],
        ['Province', 'address/*.state', (c) => c.addresses[0]?.state],
        ['Code postal', 'address/*.postalCode', (c) => c.addresses[0]?.postalCode],
        ['Langue', null, () => 'FR'],
      ],
      people(seed),
      { delimiter: ';', encoding: 'windows-1252' },
    ),
  ],
  // 15. A non-profit donor database.
  'donor-database': (seed) => [
    csv(
      'donors.csv',
      [
        ['Donor #', '(key)', (c) => c.key],
        ['Prefix', 'title', (c) => c.title],
        ['First', 'firstName', (c) => c.firstName],
        ['Last', 'lastName', (c) => c.lastName],
        ['Spouse', null, () => ''],
        ['Address Line 1', 'address/*.street', (c) => c.addresses[0]?.street],
        ['Address Line 2', 'address/*.street2', (c) => c.addresses[0]?.street2],
        ['City', 'address/*.city', (c) => c.addresses[0]?.city],
        ['State', 'address/*.state', (c) => c.addresses[0]?.state],
        ['ZIP+4', 'address/*.postalCode', (c) => c.addresses[0]?.postalCode],
        ['Home Ph', 'phone/home.value', (c) => phoneOf(c, 'home')],
        ['Work Ph', 'phone/business.value', (c) => phoneOf(c, 'business')],
        ['Email Addr', 'email/*.value', (c) => c.emails[0]?.address],
        ['Donor Since', null, () => '2015'],
        ['Total Given', null, () => '1,250.00'],
        ['Do Not Mail', null, () => 'N'],
      ],
      people(seed),
    ),
  ],
};

const dataTypes = {
  'customers.csv': 'person',
  'CONTACTS.csv': 'person',
  'PHONES.csv': 'communication',
  'ADDRESSES.csv': 'address',
  'EMAILS.csv': 'communication',
  'Outlook Contacts.csv': 'person',
  'contacts.csv': 'person',
  'clients.csv': 'person',
  'adresses.csv': 'address',
  'coordonnees.csv': 'communication',
  'remarques.csv': 'note',
  'vendors.csv': 'company',
  'members.txt': 'person',
  'member-groups.txt': 'category',
  'Kontakte export.txt': 'person',
  'person.csv': 'person',
  'person_udf.csv': 'customField',
  'history.csv': 'note',
  'tags.csv': 'category',
  'Accounts.csv': 'company',
  'Contacts.csv': 'person',
  'export_contacts.csv': 'person',
  'ACT contacts.csv': 'person',
  'dossiers.csv': 'person',
  'donors.csv': 'person',
};

await rm(root, { recursive: true, force: true });
let seed = 11;
for (const [name, make] of Object.entries(exports)) {
  const folder = join(root, name);
  await mkdir(folder, { recursive: true });
  const files = make(seed++);
  const truth = { export: name, files: {} };
  for (const file of files) {
    await writeFile(join(folder, file.name), file.bytes);
    truth.files[file.name] = { dataType: dataTypes[file.name], columns: file.truth };
  }
  await writeFile(join(folder, 'truth.json'), `${JSON.stringify(truth, null, 2)}\n`);
  console.log(`${name}: ${files.map((file) => file.name).join(', ')}`);
}
