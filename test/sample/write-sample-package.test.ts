import { mkdtempSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { attributeCatalog } from '../../src/format/attributes.js';
import { type SamplePackageSummary, writeSamplePackage } from '../../src/sample/write-sample-package.js';
import { packageProblems } from './package-checks.js';
import { type ParsedPackage, parsePackage, readZipEntries } from './read-package.js';

const CONTACTS = 500;
const dir = mkdtempSync(join(tmpdir(), 'dovetail-sample-'));

let summary: SamplePackageSummary;
let entries: Map<string, Buffer>;
let parsed: ParsedPackage;

beforeAll(async () => {
  summary = await writeSamplePackage({ contacts: CONTACTS, out: join(dir, 'a', 'sample.zip'), seed: 42 });
  entries = await readZipEntries(summary.out);
  parsed = parsePackage(entries);
});

const csvEntries = (zip: Map<string, Buffer>) => [...zip].filter(([name]) => name.endsWith('.csv'));

describe('writeSamplePackage', () => {
  it('writes a package whose JSON files parse with the format schemas and whose manifest lists every file', () => {
    const listed = parsed.manifest.files.flatMap((file) => [file.csv, file.mapping]);
    expect(new Set([...listed, 'manifest.json', parsed.manifest.targetDefinition])).toEqual(
      new Set(entries.keys()),
    );
    expect(parsed.manifest.targetDefinition).toBe('System Administrator Import Definition.json');
    expect(parsed.definition.generatedFor).toEqual({
      userName: 'admin',
      firstName: 'System',
      lastName: 'Administrator',
    });
    expect([...parsed.csvs.values()].map((csv) => csv.mapping.dataType).sort()).toEqual([
      'address',
      'category',
      'communication',
      'communication',
      'company',
      'note',
      'person',
    ]);
  });

  it('is valid: mapped attributes exist, keys are unique, children have parents, phones, emails, dates and codes are valid', () => {
    expect(packageProblems(parsed)).toEqual([]);
  });

  it('would notice an invalid package (the checks are not vacuous)', () => {
    const tampered = structuredClone(parsed);
    tampered.csvs.get('phones.csv')!.rows.push({ ContactId: 'P0000001', PhoneType: 'X', PhoneNumber: '12' });
    tampered.csvs
      .get('emails.csv')!
      .rows.push({ ContactId: 'P9999999', EmailType: 'home', Email: 'jane.doe@' });
    tampered.csvs.get('people.csv')!.rows[0]!.BirthDate = '2091-05-14';
    expect(packageProblems(tampered)).toEqual([
      'people.csv row 1: date 2091-05-14 invalid for YYYY-MM-DD',
      expect.stringMatching(/^phones\.csv row \d+: code X not in lookup phoneType$/),
      expect.stringMatching(/^phones\.csv row \d+: phone 12 invalid for US$/),
      expect.stringMatching(/^emails\.csv row \d+: no contact with key P9999999$/),
      expect.stringMatching(/^emails\.csv row \d+: email jane\.doe@$/),
    ]);
  });

  it('links every child row to a contact through its parent key', () => {
    const keys = new Set<string>();
    for (const { mapping, rows } of parsed.csvs.values()) {
      if (mapping.keyColumn) for (const row of rows) keys.add(row[mapping.keyColumn]!);
    }
    expect(keys.size).toBe(CONTACTS);
    for (const { mapping, rows } of parsed.csvs.values()) {
      if (mapping.parentKeyColumn)
        for (const row of rows) expect(keys).toContain(row[mapping.parentKeyColumn]);
    }
  });

  it('uses legacy phone type codes translated by a lookup, and custom and user fields of the target definition', () => {
    const phones = parsed.csvs.get('phones.csv')!;
    expect(new Set(phones.rows.map((row) => row.PhoneType))).toEqual(new Set(['H', 'W', 'M']));
    expect(phones.mapping.lookups.phoneType).toEqual({ H: 'home', W: 'business', M: 'mobile' });
    const attributes = [...parsed.csvs.values()].flatMap((csv) =>
      csv.mapping.columns.map((c) => c.attribute),
    );
    expect(attributes).toEqual(
      expect.arrayContaining(['custom.Risk Profile', 'custom.Industry', 'user.Last Review']),
    );
    expect(Object.keys(parsed.definition.entities)).toEqual(Object.keys(attributeCatalog));
  });

  it('has realistic names: some with accents or other non-ASCII letters', () => {
    const people = parsed.csvs.get('people.csv')!.rows;
    const accented = people.filter((row) => /[^\x20-\x7e]/.test(`${row.FirstName}${row.LastName}`));
    expect(accented.length).toBeGreaterThan(people.length * 0.02);
    expect(accented.length).toBeLessThan(people.length);
  });

  it('reports row counts and sizes that match the files, with the promised proportions', async () => {
    for (const [name, bytes] of csvEntries(entries)) {
      expect(summary.files[name]).toEqual({ rows: parsed.csvs.get(name)!.rows.length, bytes: bytes.length });
    }
    expect(summary.people + summary.companies).toBe(CONTACTS);
    expect(summary.files['people.csv']!.rows).toBe(summary.people);
    expect(summary.files['companies.csv']!.rows).toBe(summary.companies);
    expect(summary.people / CONTACTS).toBeCloseTo(0.85, 1);
    const perContact = (file: string) => summary.files[file]!.rows / CONTACTS;
    expect(perContact('addresses.csv')).toBeCloseTo(1.05, 0);
    expect(perContact('phones.csv')).toBeCloseTo(1.2, 0);
    expect(perContact('emails.csv')).toBeCloseTo(0.9, 0);
    expect(perContact('notes.csv')).toBeCloseTo(0.3, 0);
    expect(perContact('categories.csv')).toBeCloseTo(0.5, 0);
    expect(summary.bytes).toBe((await stat(summary.out)).size);
  });

  it('gives byte-identical files for the same seed and different ones for another seed', async () => {
    const again = await writeSamplePackage({
      contacts: CONTACTS,
      out: join(dir, 'b', 'sample.zip'),
      seed: 42,
    });
    const other = await writeSamplePackage({
      contacts: CONTACTS,
      out: join(dir, 'c', 'sample.zip'),
      seed: 43,
    });
    const againEntries = await readZipEntries(again.out);
    for (const [name, bytes] of entries) expect(againEntries.get(name)?.equals(bytes), name).toBe(true);
    const otherPeople = (await readZipEntries(other.out)).get('people.csv')!;
    expect(otherPeople.equals(entries.get('people.csv')!)).toBe(false);
  });

  it('leaves no temporary files next to the package', async () => {
    expect(await readdir(join(dir, 'a'))).toEqual(['sample.zip']);
  });

  it('writes the target definition for another owner when asked', async () => {
    const owned = await writeSamplePackage({
      contacts: 3,
      out: join(dir, 'd', 'sample.zip'),
      owner: { userName: 'jdoe', firstName: 'Jane', lastName: 'Doe' },
    });
    const ownedPackage = parsePackage(await readZipEntries(owned.out));
    expect(ownedPackage.manifest.targetDefinition).toBe('Jane Doe Import Definition.json');
    expect(ownedPackage.definition.generatedFor.userName).toBe('jdoe');
  });

  it('writes a later export of the same people: most again under their keys, some changed, a few twice, the rest new', async () => {
    const later = await writeSamplePackage({
      contacts: CONTACTS,
      out: join(dir, 'f', 'sample.zip'),
      seed: 42,
      revision: 1,
    });
    const laterPackage = parsePackage(await readZipEntries(later.out));
    expect(packageProblems(laterPackage)).toEqual([]);
    const byKey = (rows: Record<string, string>[]) => new Map(rows.map((row) => [row.PersonId!, row]));
    const before = byKey(parsed.csvs.get('people.csv')!.rows);
    const after = laterPackage.csvs.get('people.csv')!.rows;
    const again = after.filter((row) => before.has(row.PersonId!));
    const identical = again.filter(
      (row) => JSON.stringify(row) === JSON.stringify(before.get(row.PersonId!)),
    );
    const sameBirth = (a: Record<string, string>, b: Record<string, string>) =>
      Boolean(a.BirthDate) && a.BirthDate === b.BirthDate && a.FirstName === b.FirstName;
    const twins = after.filter(
      (row) => !before.has(row.PersonId!) && again.some((original) => sameBirth(original, row)),
    );
    expect(again.length / before.size).toBeGreaterThan(0.7);
    expect(again.length / before.size).toBeLessThan(0.9);
    expect(identical.length).toBeLessThan(again.length);
    expect(identical.length / again.length).toBeGreaterThan(0.6);
    expect(twins.length).toBeGreaterThan(0);
    expect(after.length - again.length).toBeGreaterThan(twins.length);
    expect(later.people + later.companies).toBeGreaterThan(CONTACTS);
    expect(laterPackage.manifest.name).toContain('revision 1');
  });

  it('refuses a contact count that is not a positive whole number', async () => {
    await expect(writeSamplePackage({ contacts: 0, out: join(dir, 'e.zip') })).rejects.toThrow(RangeError);
  });
});
