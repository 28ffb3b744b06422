import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { buildTargetDefinition } from '../../src/format/target-definition.js';
import { detectDateFormat } from '../../src/mapping-tool/detect-date-format.js';
import type { MappingPlan } from '../../src/mapping-tool/mapping-plan.js';
import { profileCsv } from '../../src/mapping-tool/profile-csv.js';
import { suggestFileMapping } from '../../src/mapping-tool/suggest-file-mapping.js';
import { sampleOwner, sampleVocabulary } from '../../src/sample/sample-vocabulary.js';
import { tempDir } from '../support/package-builder.js';

const definition = buildTargetDefinition(sampleOwner, sampleVocabulary);

async function suggest(name: string, content: string | Buffer, template?: MappingPlan) {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, content);
  return suggestFileMapping(await profileCsv(file), definition, template);
}

const targets = (suggestion: Awaited<ReturnType<typeof suggest>>) =>
  Object.fromEntries(suggestion.columns.map((column) => [column.column, column.target]));

describe('mapping suggestions', () => {
  it('reads a French CRM export in Windows-1252 with ";" and day-first dates', async () => {
    const csv = iconv.encode(
      'N° client;Civilité;Nom;Prénom;Né(e) le;Tél. domicile;Portable;Courriel;CP;Ville\n' +
        'C1;Mme;Lefèvre;Hélène;03/04/1980;01 42 68 53 00;06 12 34 56 78;h@exemple.fr;75001;Paris\n' +
        'C2;M.;Dupont;Jean;05/06/1975;;06 98 76 54 32;j@exemple.fr;69002;Lyon\n',
      'windows-1252',
    );
    const suggestion = await suggest('clients.csv', csv);
    expect(suggestion.profile).toMatchObject({ encoding: 'windows-1252', delimiter: ';' });
    expect(suggestion.dataType.dataType).toBe('person');
    expect(targets(suggestion)).toEqual({
      'N° client': '(key)',
      Civilité: 'title',
      Nom: 'lastName',
      Prénom: 'firstName',
      'Né(e) le': 'birthDate',
      'Tél. domicile': 'phone/home.value',
      Portable: 'phone/mobile.value',
      Courriel: 'email/1.value',
      CP: 'address/main.postalCode',
      Ville: 'address/main.city',
    });
    expect(suggestion.plan).toMatchObject({
      keyColumn: 'N° client',
      dateFormat: 'DD/MM/YYYY',
      defaultCountry: 'FR',
    });
  });

  it('calls "Nom" a company name in a company file and a last name in a person file', async () => {
    const companies = await suggest(
      'societes.csv',
      'Code;Nom;Secteur\nS1;Dupont SA;Banque\nS2;Martin SARL;Assurance\n',
    );
    expect(companies.dataType.dataType).toBe('company');
    expect(targets(companies)).toMatchObject({ Code: '(key)', Nom: 'companyName', Secteur: 'industry' });
  });

  it('reads a "Title" column of job titles as the position, and one of salutations as the title', async () => {
    const jobs = await suggest(
      'people.csv',
      'ID,First Name,Last Name,Title\n1,Ann,Lee,Chief Financial Officer\n2,Bo,Chan,Head of Sales\n',
    );
    expect(targets(jobs).Title).toBe('position');
    const salutations = await suggest(
      'people.csv',
      'ID,First Name,Last Name,Title\n1,Ann,Lee,Ms\n2,Bo,Chan,Dr\n',
    );
    expect(targets(salutations).Title).toBe('title');
  });

  it('translates legacy phone type codes with a lookup of the distinct values found', async () => {
    const suggestion = await suggest(
      'phones.csv',
      'PHONE_ID,CONTACT_ID,PHONE_TYPE,PHONE_NO\n1,C1,H,555-0100\n2,C1,W,555-0101\n3,C2,M,555-0102\n4,C2,Q,555-0103\n',
    );
    expect(suggestion.dataType.dataType).toBe('communication');
    const type = suggestion.columns.find((column) => column.column === 'PHONE_TYPE')!;
    expect(type).toMatchObject({
      target: 'type',
      lookup: { H: 'home', W: 'business', M: 'mobile' },
      unknownCodes: ['Q'],
    });
    expect(suggestion.plan.parentKeyColumn).toBe('CONTACT_ID');
    expect(targets(suggestion)).toMatchObject({ PHONE_ID: null, PHONE_NO: 'value' });
  });

  it('maps a "Type" column that holds kinds of communication to the channel', async () => {
    const suggestion = await suggest(
      'coordonnees.csv',
      'Client,Type,Valeur\nC1,Téléphone,0142685300\nC1,Courriel,a@b.fr\nC2,Fax,0142685301\n',
    );
    const type = suggestion.columns.find((column) => column.column === 'Type')!;
    expect(type).toMatchObject({ target: 'channel', lookup: { Téléphone: 'phone', Courriel: 'email' } });
  });

  it('splits Google Contacts-style numbered columns into groups and uses the email as key when there is no id', async () => {
    const suggestion = await suggest(
      'google.csv',
      'Given Name,Family Name,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,Address 1 - Formatted,Address 1 - City\n' +
        'Ann,Lee,ann@x.com,Mobile,+1 212 555 0100,"1 Main St\nNew York",New York\n' +
        'Bo,Chan,bo@x.com,Work,+1 212 555 0101,,Boston\n',
    );
    expect(targets(suggestion)).toEqual({
      'Given Name': 'firstName',
      'Family Name': 'lastName',
      'E-mail 1 - Value': 'email/1.value',
      'Phone 1 - Type': 'phone/1.type',
      'Phone 1 - Value': 'phone/1.value',
      'Address 1 - Formatted': null,
      'Address 1 - City': 'address/1.city',
    });
    expect(suggestion.plan.keyColumn).toBe('E-mail 1 - Value');
    expect(suggestion.columns.find((column) => column.column === 'Phone 1 - Type')?.lookup).toEqual({
      Work: 'business',
    });
  });

  it('guesses from the values when the header says nothing', async () => {
    const suggestion = await suggest(
      'export.csv',
      'ID,Last Name,Col7,Col8\n1,Lee,ann@example.com,1980-02-03\n2,Chan,bo@example.org,1975-11-30\n',
    );
    expect(targets(suggestion)).toMatchObject({ Col7: 'email/1.value', Col8: 'birthDate' });
    expect(suggestion.columns.find((column) => column.column === 'Col7')?.reason).toMatch(/email addresses/);
  });

  it('uses every attribute once: a second email column is the second email', async () => {
    const suggestion = await suggest(
      'people.csv',
      'ID,Last Name,Email,E-mail,Surname\n1,Lee,a@x.com,b@x.com,Lee\n',
    );
    expect(targets(suggestion)).toMatchObject({ Email: 'email/1.value', 'E-mail': 'email/2.value' });
    const lastNames = suggestion.columns.filter((column) => column.target === 'lastName');
    expect(lastNames).toHaveLength(1);
  });

  it("matches categories and choice values with the user's vocabulary, and lists the ones it lacks", async () => {
    const tags = await suggest('tags.csv', 'Client ID,Tag\nC1,vip\nC1,Golf\nC2,Referral-source\n');
    expect(tags.columns.find((column) => column.column === 'Tag')).toMatchObject({
      target: 'category',
      lookup: { 'Referral-source': 'Referral Source' },
      unknownCodes: ['Golf'],
    });
    const wide = await suggest(
      'people.csv',
      'ID,Last Name,Categories,Risk Profile\n1,Lee,VIP; Golf,low\n2,Chan,Referral-Source,Médium\n',
    );
    expect(wide.columns.find((column) => column.column === 'Categories')).toMatchObject({
      target: 'category/1.category',
      lookup: { 'Referral-Source': 'Referral Source' },
      unknownCodes: ['Golf'],
    });
    expect(wide.columns.find((column) => column.column === 'Risk Profile')?.lookup).toEqual({
      Médium: 'Medium',
    });
  });

  it("lets a template's choices win where its headers match", async () => {
    const template: MappingPlan = {
      kind: 'dovetail-mapping-template',
      formatVersion: 1,
      name: 'Acme CRM',
      files: [
        {
          file: 'people.csv',
          dataType: 'person',
          encoding: 'auto',
          delimiter: 'auto',
          keyColumn: 'REF',
          dateFormat: 'YYYY-MM-DD',
          defaultCountry: 'GB',
          columns: [
            { column: 'NM1', target: 'lastName' },
            { column: 'KIND', target: 'status', lookup: { K: 'active' } },
          ],
          defaults: { status: 'prospect' },
        },
      ],
    };
    const suggestion = await suggest('people-2025.csv', 'REF,NM1,KIND,First Name\n1,Lee,K,Ann\n', template);
    expect(targets(suggestion)).toEqual({
      REF: '(key)',
      NM1: 'lastName',
      KIND: 'status',
      'First Name': 'firstName',
    });
    expect(suggestion.columns.find((column) => column.column === 'NM1')).toMatchObject({
      confidence: 1,
      reason: expect.stringMatching(/Acme CRM/),
    });
    expect(suggestion.plan).toMatchObject({ defaultCountry: 'GB', defaults: { status: 'prospect' } });
    expect(suggestion.plan.columns.find((column) => column.column === 'KIND')?.lookup).toEqual({
      K: 'active',
    });
  });
});

describe('date format detection', () => {
  it('lets an unambiguous value decide between day-first and month-first', () => {
    expect(detectDateFormat(['03/04/1980', '12/25/1975'])?.format).toBe('MM/DD/YYYY');
    expect(detectDateFormat(['03/04/1980', '25/12/1975'])?.format).toBe('DD/MM/YYYY');
  });

  it('says when both readings fit, and follows the language hint', () => {
    expect(detectDateFormat(['03/04/1980'], { dayFirst: true })).toEqual({
      format: 'DD/MM/YYYY',
      share: 1,
      ambiguousWith: 'MM/DD/YYYY',
    });
    expect(detectDateFormat(['3/4/80', '11/12/79'], { dayFirst: false })?.format).toBe('M/D/YY');
    expect(detectDateFormat(['19800403', '19751225'])?.format).toBe('YYYYMMDD');
    expect(detectDateFormat(['soon', 'later'])).toBeUndefined();
  });

  it('understands headers in Spanish, Italian and German whatever the order of their words', async () => {
    const spanish = targets(
      await suggest(
        'contactos.csv',
        'Nombre,Apellidos,Teléfono del trabajo,Móvil,Calle del trabajo,País o región del trabajo,Fax del trabajo\n' +
          'Ana,García,+34 912 345 678,+34 600 123 456,Calle Mayor 1,España,+34 912 345 679\n',
      ),
    );
    expect(spanish).toMatchObject({
      Nombre: 'firstName',
      Apellidos: 'lastName',
      'Teléfono del trabajo': 'phone/business.value',
      Móvil: 'phone/mobile.value',
      'Calle del trabajo': 'address/business.street',
      'País o región del trabajo': 'address/business.country',
      'Fax del trabajo': 'fax/business.value',
    });
    const italian = targets(
      await suggest(
        'rubrica.csv',
        'Nome,Cognome,Società,Telefono abitazione,CAP (uff.)\nLuca,Bianchi,Rossi Srl,+39 06 1234 567,20121\n',
      ),
    );
    expect(italian).toMatchObject({
      Nome: 'firstName',
      Cognome: 'lastName',
      Società: 'companyName',
      'Telefono abitazione': 'phone/home.value',
      'CAP (uff.)': 'address/business.postalCode',
    });
    const german = await suggest(
      'kontakte.csv',
      'Vorname,Nachname,Telefon (privat 2),Adresse privat: PLZ,Weiteres/e Land/Region\nKlaus,Hoffmann,030 1234567,10435,Deutschland\n',
    );
    expect(targets(german)).toMatchObject({
      Vorname: 'firstName',
      'Telefon (privat 2)': 'phone/home2.value',
      'Adresse privat: PLZ': 'address/home.postalCode',
      'Weiteres/e Land/Region': 'address/other.country',
    });
    expect(german.plan.defaultCountry).toBe('DE');
  });

  it('leaves ids of other records, record keeping and non-phone digits alone, and takes a street number apart', async () => {
    const suggestion = await suggest(
      'members.csv',
      'Contact ID,First Name,Surname,Street No,Street Name,Suburb,AccountId,Created,AnnualRevenue,OPTIN_IP\n' +
        '1001,Jack,Smith,12,George St,Sydney,0015g00000XYZabAAD,2024-01-02,139000000,203.0.113.5\n' +
        '1002,Kylie,Jones,5,Collins St,Melbourne,0015g00000XYZacAAD,2024-01-03,250000000,203.0.113.6\n',
    );
    expect(suggestion.plan.keyColumn).toBe('Contact ID');
    expect(targets(suggestion)).toMatchObject({
      'Street No': 'address/main.streetNumber',
      'Street Name': 'address/main.street',
      Suburb: 'address/main.city',
      AccountId: null,
      Created: null,
      AnnualRevenue: null,
      OPTIN_IP: null,
    });
  });
});
