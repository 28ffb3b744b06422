import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { buildTargetDefinition } from '../../src/format/target-definition.js';
import { checkPlan } from '../../src/mapping-tool/check-plan.js';
import { suggestMappings } from '../../src/mapping-tool/suggest-mappings.js';
import { writePackageFolder } from '../../src/mapping-tool/write-package-folder.js';
import { sampleOwner, sampleVocabulary } from '../../src/sample/sample-vocabulary.js';
import { repoRoot } from '../support/cli.js';
import { tempDir } from '../support/package-builder.js';

const definition = buildTargetDefinition(sampleOwner, sampleVocabulary);
const limits = loadConfig({}).archive;

async function planFor(files: Record<string, string>) {
  const folder = tempDir();
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(folder, name), content);
  const sources = new Map(Object.keys(files).map((name) => [name, path.join(folder, name)]));
  const { plan } = await suggestMappings({
    files: [...sources].map(([name, file]) => ({ path: file, name })),
    definition,
  });
  return { plan, sources };
}

describe('package folder and check of a plan', () => {
  it('splits a wide file into child files and points their problems at the wide file', async () => {
    const { plan, sources } = await planFor({
      'clients.csv':
        'Client ID,First Name,Last Name,Mobile,Email,City\n' +
        'C1,Ann,Lee,+1 212 555 0100,ann@example.com,Boston\n' +
        'C2,Bo,Chan,12,bo@example,\n',
    });
    const report = await checkPlan(plan, sources, definition, { limits });
    expect(report.problems).toEqual([
      expect.objectContaining({
        code: 'ROW_INVALID_PHONE',
        file: 'clients.csv',
        line: 3,
        column: 'Mobile',
        value: '12',
      }),
      expect.objectContaining({
        code: 'ROW_INVALID_EMAIL',
        file: 'clients.csv',
        line: 3,
        column: 'Email',
        value: 'bo@example',
      }),
    ]);
    expect(report.problems[0]?.message).toMatch(/\(in phone\/mobile of clients\.csv\)$/);

    const folder = await writePackageFolder(plan, sources, definition, tempDir());
    expect(folder.files.map((file) => file.csv)).toEqual([
      'clients.csv',
      'clients.communications.csv',
      'clients.addresses.csv',
    ]);
    expect(fs.readFileSync(path.join(folder.folder, 'clients.communications.csv'), 'utf8')).toBe(
      'Contact Key,Channel,Type,Value,Primary,Source Line,Source Group\n' +
        'C1,phone,mobile,+1 212 555 0100,,2,phone/mobile\n' +
        'C1,email,,ann@example.com,,2,email/1\n' +
        'C2,phone,mobile,12,,3,phone/mobile\n' +
        'C2,email,,bo@example,,3,email/1\n',
    );
  });

  it('gives a contact file without any key column a key made of its content, the same on every build', async () => {
    const exportFolder = path.join(repoRoot, 'test/fixtures/legacy-exports/act-export');
    const { plan } = await suggestMappings({
      files: [{ path: path.join(exportFolder, 'ACT contacts.csv') }],
      definition,
    });
    expect(plan.files[0]?.keyColumn).toBeUndefined();
    const sources = new Map([['ACT contacts.csv', path.join(exportFolder, 'ACT contacts.csv')]]);
    const report = await checkPlan(plan, sources, definition, { limits });
    expect(report).toMatchObject({ ok: true, rowsChecked: 161 });
    const folder = await writePackageFolder(plan, sources, definition, tempDir());
    const written = fs.readFileSync(path.join(folder.folder, 'ACT contacts.csv'), 'utf8').split('\n');
    expect(written[0]).toMatch(/^Dovetail Key,Contact,Company,/);
    expect(written[1]).toMatch(/^ACT contacts-[0-9a-f]{16},Matthew Kohler,/);
    const again = await writePackageFolder(plan, sources, definition, tempDir());
    expect(fs.readFileSync(path.join(again.folder, 'ACT contacts.csv'), 'utf8')).toBe(written.join('\n'));
  });

  it('keys exact duplicate rows apart, and an empty id column is never the key', async () => {
    const { plan, sources } = await planFor({
      'outlook.csv':
        'First Name,Last Name,Government ID Number,E-mail Address\n' +
        'Ann,Lee,,ann@example.com\n' +
        'Bo,Chan,,\n' +
        'Bo,Chan,,\n',
    });
    expect(plan.files[0]?.keyColumn).toBeUndefined();
    expect(plan.files[0]?.columns.map((column) => column.column)).not.toContain('Government ID Number');
    const report = await checkPlan(plan, sources, definition, { limits });
    expect(report).toMatchObject({ ok: true, rowsRejected: 0 });
    expect(report.files[0]).toMatchObject({ file: 'outlook.csv', rowsChecked: 3, rowsRejected: 0 });
    const folder = await writePackageFolder(plan, sources, definition, tempDir());
    const keys = fs
      .readFileSync(path.join(folder.folder, 'outlook.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[0]);
    expect(keys[2]).toBe(`${keys[1]}-2`);
    expect(new Set(keys).size).toBe(3);
  });
});

describe('values spread over columns and type codes of real exports', () => {
  it('puts a birth date split over year, month and day together, and leaves a year-less one out', async () => {
    const { plan, sources } = await planFor({
      'tb.csv':
        'First Name,Last Name,Primary Email,Birth Year,Birth Month,Birth Day\n' +
        'Olga,Petrova,olga@example.ru,1979,11,3\n' +
        'Ines,Moreau,ines@example.fr,,6,21\n',
    });
    expect(plan.files[0]?.columns).toEqual(
      expect.arrayContaining([
        { column: 'Birth Year', target: 'birthDate#year' },
        { column: 'Birth Month', target: 'birthDate#month' },
        { column: 'Birth Day', target: 'birthDate#day' },
      ]),
    );
    const report = await checkPlan(plan, sources, definition, { limits });
    expect(report).toMatchObject({ ok: true, rowsRejected: 0 });
    const folder = await writePackageFolder(plan, sources, definition, tempDir());
    const lines = fs.readFileSync(path.join(folder.folder, 'tb.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^Dovetail Birth Date,First Name,/);
    expect(lines[1]).toMatch(/^1979-11-03,Olga,/);
    expect(lines[2]).toMatch(/^,Ines,/);
  });

  it('keeps a Google "Work Fax" as a business fax, and a phone with a type no lookup knows without a type', async () => {
    const { plan, sources } = await planFor({
      'google.csv':
        'Given Name,Family Name,Phone 1 - Type,Phone 1 - Value,Phone 2 - Type,Phone 2 - Value,E-mail 1 - Value\n' +
        'Priya,Raman,Work Fax,+1 415 734 0135,Sat phone,+1 415 734 0136,priya@example.com\n',
    });
    const report = await checkPlan(plan, sources, definition, { limits });
    expect(report).toMatchObject({ ok: true, rowsRejected: 0 });
    const folder = await writePackageFolder(plan, sources, definition, tempDir());
    const rows = fs.readFileSync(path.join(folder.folder, 'google.communications.csv'), 'utf8');
    expect(rows).toContain(',fax,business,+1 415 734 0135,');
    expect(rows).toContain(',phone,,+1 415 734 0136,');
  });

  it('leaves Outlook\'s "E-mail Type" of SMTP codes unmapped: the address lands, without a type', async () => {
    const { plan } = await planFor({
      'outlook.csv':
        'First Name,Last Name,E-mail Address,E-mail Type,E-mail 2 Address,E-mail 2 Type\n' +
        'Ann,Lee,ann@example.com,SMTP,ann@home.example,SMTP\n',
    });
    const targets = Object.fromEntries(
      plan.files[0]!.columns.map((column) => [column.column, column.target]),
    );
    expect(targets['E-mail Type']).toBeUndefined();
    expect(targets['E-mail 2 Type']).toBeUndefined();
    expect(targets['E-mail 2 Address']).toMatch(/^email\/\d+\.value$/);
  });

  it('package check says so when every row of a contact file would be refused', async () => {
    const { plan, sources } = await planFor({
      'contacts.csv': 'First Name,Last Name,Pager Number\nAnn,Lee,\nBo,Chan,\n',
    });
    const forced = { ...plan, files: [{ ...plan.files[0]!, keyColumn: 'Pager Number' }] };
    const report = await checkPlan(forced, sources, definition, { limits });
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({
      level: 'package',
      code: 'PACKAGE_EVERY_ROW_REFUSED',
      file: 'contacts.csv',
    });
    expect(plan.files[0]?.keyColumn).toBeUndefined();
    expect((await checkPlan(plan, sources, definition, { limits })).ok).toBe(true);
  });

  it('joins a street number to its street in the order of the columns, on the home address of a person', async () => {
    const { plan, sources } = await planFor({
      'members.csv':
        'Contact ID,First Name,Surname,Street No,Street Name,Suburb\n1001,Jack,Smith,12,George St,Sydney\n',
      'kunden.csv':
        'Kundennummer,Vorname,Nachname,Straße,Hausnummer,PLZ,Ort\nK1,Klaus,Weiß,Hauptstraße,12,80331,München\n',
    });
    const folder = await writePackageFolder(plan, sources, definition, tempDir());
    expect(fs.readFileSync(path.join(folder.folder, 'members.addresses.csv'), 'utf8')).toContain(
      '1001,home,12 George St,,Sydney,',
    );
    expect(fs.readFileSync(path.join(folder.folder, 'kunden.addresses.csv'), 'utf8')).toContain(
      'K1,home,Hauptstraße 12,,München,,80331,',
    );
  });
});
