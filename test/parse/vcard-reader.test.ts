/**
 * vCard files (Apple Contacts and iCloud 3.0, Android and Outlook 2.1, 4.0) read as rows under
 * Google Contacts' CSV column names, so the mapping tool and the import take them as they take a CSV.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type CsvRecord, openCsv } from '../../src/pipeline/parse/csv-reader.js';

const crlf = (lines: string[]) => `${lines.join('\r\n')}\r\n`;

async function read(text: string | Buffer, limits?: { maxLineBytes: number; maxFieldBytes: number }) {
  const csv = await openCsv(Readable.from([typeof text === 'string' ? Buffer.from(text, 'utf8') : text]), {
    fileName: 'contacts.vcf',
    encoding: 'auto',
    delimiter: 'auto',
    ...(limits ? { limits } : {}),
  });
  const records: CsvRecord[] = [];
  for await (const record of csv.records) records.push(record);
  const rows = records.map((record) =>
    Object.fromEntries(
      csv.header.map((name, i) => [name, record.values[i]!]).filter(([, value]) => value !== ''),
    ),
  );
  return { csv, records, rows };
}

const appleCard = crlf([
  'BEGIN:VCARD',
  'VERSION:3.0',
  'PRODID:-//Apple Inc.//macOS 14.5//EN',
  'N:Lindqvist;Erik;Johan;Dr.;',
  'FN:Dr. Erik Johan Lindqvist',
  'ORG:Lagoon Analytics;Research',
  'item1.EMAIL;type=INTERNET;type=pref:erik@lindqvist.example',
  'item1.X-ABLabel:Old university',
  'TEL;type=HOME;type=FAX:+46 8 555 012 35',
  'TEL;type=IPHONE;type=CELL;type=VOICE;type=pref:+46 70 555 01 24',
  'item2.ADR;type=HOME;type=pref:;lgh 1102;Sveavägen 12;Stockholm;;111 57;Sweden',
  'item3.URL:https://lindqvist.example',
  'item3.X-ABLabel:_$!<HomePage>!$_',
  'BDAY;X-APPLE-OMIT-YEAR=1604:1604-11-02',
  'NOTE:Prefers calls after 10:00\\, weekdays.\\nMet through Anna.',
  'PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8U',
  ' HRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgyIRwh',
  'CATEGORIES:Client,VIP',
  'UID:8C2B6D1E-3F4A-4B5C-9D6E-7F8091A2B3C4',
  'END:VCARD',
]);

describe('a vCard file', () => {
  it("reads Apple's vCard 3.0: parts of the name, labels in Google's words, a year-less birthday, no photo", async () => {
    const { csv, rows, records } = await read(appleCard);
    expect(csv.delimiter).toBe('vCard');
    expect(records[0]!.line).toBe(1);
    expect(records[0]!.problems).toEqual([]);
    expect(rows[0]).toEqual({
      'First Name': 'Erik',
      'Middle Name': 'Johan',
      'Last Name': 'Lindqvist',
      'Name Prefix': 'Dr.',
      'Organization Name': 'Lagoon Analytics',
      'Organization Department': 'Research',
      Birthday: '--11-02',
      Notes: 'Prefers calls after 10:00, weekdays.\nMet through Anna.',
      Labels: 'Client ::: VIP',
      'E-mail 1 - Label': 'Old university',
      'E-mail 1 - Value': 'erik@lindqvist.example',
      'Phone 1 - Label': 'Home Fax',
      'Phone 1 - Value': '+46 8 555 012 35',
      'Phone 2 - Label': 'Mobile',
      'Phone 2 - Value': '+46 70 555 01 24',
      'Address 1 - Label': 'Home',
      'Address 1 - Street': 'Sveavägen 12',
      'Address 1 - Extended Address': 'lgh 1102',
      'Address 1 - City': 'Stockholm',
      'Address 1 - Postal Code': '111 57',
      'Address 1 - Country': 'Sweden',
      'Website 1 - Label': 'Home Page',
      'Website 1 - Value': 'https://lindqvist.example',
      UID: '8C2B6D1E-3F4A-4B5C-9D6E-7F8091A2B3C4',
    });
  });

  it("reads Android's vCard 2.1: bare types, quoted-printable in its charset, soft line breaks", async () => {
    const { rows } = await read(
      crlf([
        'BEGIN:VCARD',
        'VERSION:2.1',
        'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen;;;',
        'TEL;CELL:+49 170 1234567',
        'TEL;WORK;VOICE:+49 30 1234',
        'ADR;WORK;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:;;Hauptstra=C3=9Fe 1=0D=0A2. OG;Berlin;;10115;Deutsch=',
        'land',
        'NOTE:Kunde seit 2010, sehr zufrieden',
        'BDAY:19750305',
        'END:VCARD',
      ]),
    );
    expect(rows[0]).toMatchObject({
      'First Name': 'Jürgen',
      'Last Name': 'Müller',
      'Phone 1 - Label': 'Mobile',
      'Phone 2 - Label': 'Work',
      'Address 1 - Street': 'Hauptstraße 1\n2. OG',
      'Address 1 - Country': 'Deutschland',
      Notes: 'Kunde seit 2010, sehr zufrieden',
      Birthday: '1975-03-05',
    });
  });

  it('reads vCard 4.0 telephone URIs and year-less birthdays, and names a card that has only FN', async () => {
    const { rows } = await read(
      crlf([
        'BEGIN:VCARD',
        'VERSION:4.0',
        'FN:Ada King Lovelace',
        'TEL;VALUE=uri;TYPE="voice,home":tel:+44-20-7946-0000',
        'BDAY:--1210',
        'END:VCARD',
        'BEGIN:VCARD',
        'VERSION:3.0',
        'N:;;;;',
        'FN:Brightwater Plumbing',
        'ORG:Brightwater Plumbing;',
        'X-ABShowAs:COMPANY',
        'END:VCARD',
      ]),
    );
    expect(rows[0]).toEqual({
      'First Name': 'Ada King',
      'Last Name': 'Lovelace',
      Birthday: '--12-10',
      'Phone 1 - Label': 'Home',
      'Phone 1 - Value': '+44-20-7946-0000',
    });
    // A company's card keeps its name whole.
    expect(rows[1]).toEqual({
      'Last Name': 'Brightwater Plumbing',
      'Organization Name': 'Brightwater Plumbing',
    });
  });

  it('has as many numbered columns as the fullest card needs, so no e-mail or phone is dropped', async () => {
    const { csv, rows } = await read(
      crlf([
        'BEGIN:VCARD',
        'VERSION:3.0',
        'N:One;Ann;;;',
        'EMAIL:ann@one.example',
        'END:VCARD',
        '',
        'BEGIN:VCARD',
        'VERSION:3.0',
        'N:Three;Bo;;;',
        'EMAIL;type=HOME:bo@home.example',
        'EMAIL;type=WORK:bo@work.example',
        'EMAIL:bo@old.example',
        'END:VCARD',
      ]),
    );
    expect(csv.header.filter((name) => name.startsWith('E-mail'))).toEqual([
      'E-mail 1 - Label',
      'E-mail 1 - Value',
      'E-mail 2 - Label',
      'E-mail 2 - Value',
      'E-mail 3 - Label',
      'E-mail 3 - Value',
    ]);
    expect(rows[1]).toMatchObject({ 'E-mail 3 - Value': 'bo@old.example' });
    expect(rows[0]!['E-mail 3 - Value']).toBeUndefined();
  });

  it('refuses a card cut short or over the line bound with its line, and reads the cards after it', async () => {
    const long = 'x'.repeat(3000);
    const { records, rows } = await read(
      crlf([
        'BEGIN:VCARD',
        'VERSION:3.0',
        'N:Long;Lena;;;',
        `NOTE:${long}`,
        'END:VCARD',
        'BEGIN:VCARD',
        'VERSION:3.0',
        'N:Short;Sam;;;',
        // A photo is never imported: it does not count against the bound.
        `PHOTO;ENCODING=b;TYPE=JPEG:${'A'.repeat(5000)}`,
        'END:VCARD',
        'BEGIN:VCARD',
        'VERSION:3.0',
        'N:Cut;Carl;;;',
      ]),
      { maxLineBytes: 2048, maxFieldBytes: 1024 },
    );
    expect(records.map((record) => [record.line, record.problems.map((problem) => problem.code)])).toEqual([
      [1, ['ROW_LINE_TOO_LONG']],
      [6, []],
      [11, ['ROW_MALFORMED_CSV']],
    ]);
    expect(records[0]!.problems[0]!.value).toMatch(/^VERSION:3.0 N:Long;Lena/);
    expect(rows[1]).toMatchObject({ 'First Name': 'Sam', 'Last Name': 'Short' });
  });

  it('is read in the encoding of the file (an old export in Windows-1252)', async () => {
    const text = crlf(['BEGIN:VCARD', 'VERSION:3.0', 'N:Gómez;Iñaki;;;', 'END:VCARD']);
    const bytes = Buffer.from(text, 'latin1');
    const { csv, rows } = await read(bytes);
    expect(csv.encoding).toBe('windows-1252');
    expect(rows[0]).toEqual({ 'First Name': 'Iñaki', 'Last Name': 'Gómez' });
  });
});
