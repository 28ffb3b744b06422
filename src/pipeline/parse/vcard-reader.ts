/**
 * A vCard file (.vcf: what Apple Contacts, iCloud, Android and Outlook export) as the CSV
 * reader's CsvFile: one row per card, under the column names of Google Contacts' CSV ("First
 * Name", "E-mail 1 - Label", "Address 1 - Street", …), so the mapping tool, the package format and
 * the import treat it as they treat a CSV. A card's line is the line of its BEGIN:VCARD.
 *
 * The file is read twice from a private temporary copy: first to count how many e-mails, phones,
 * addresses and websites the fullest card has (the number of numbered columns), then to emit the
 * rows, so no value is dropped for want of a column and memory holds one card at a time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import iconv from 'iconv-lite';
import { DovetailError, type RowProblem } from '../../errors/dovetail-error.js';
import { type CsvLimits, defaultCsvLimits } from '../../format/csv-limits.js';
import type { CsvFile, CsvRecord } from './csv-reader.js';
import type { CsvEncoding } from './detect-encoding.js';
import { type CardText, vCardTexts } from './vcard-cards.js';
import { parseVCard, type VCardContact } from './vcard-contact.js';
import { vCardDelimiter } from './vcard-sniff.js';

export interface VCardReadOptions {
  fileName: string;
  /** The file's text encoding (a byte order mark is dropped as it is decoded). */
  encoding: CsvEncoding;
  limits?: CsvLimits | undefined;
}

interface Slots {
  emails: number;
  phones: number;
  addresses: number;
  websites: number;
}

const singleColumns = [
  'First Name',
  'Middle Name',
  'Last Name',
  'Name Prefix',
  'Name Suffix',
  'Nickname',
  'Organization Name',
  'Organization Title',
  'Organization Department',
  'Birthday',
  'Notes',
  'Labels',
] as const;

const addressParts = [
  'Street',
  'Extended Address',
  'PO Box',
  'City',
  'Region',
  'Postal Code',
  'Country',
] as const;

function headerOf(slots: Slots): string[] {
  const numbered = (count: number, prefix: string, parts: readonly string[]) =>
    Array.from({ length: count }, (_, index) =>
      parts.map((part) => `${prefix} ${index + 1} - ${part}`),
    ).flat();
  return [
    ...singleColumns,
    ...numbered(slots.emails, 'E-mail', ['Label', 'Value']),
    ...numbered(slots.phones, 'Phone', ['Label', 'Value']),
    ...numbered(slots.addresses, 'Address', ['Label', ...addressParts]),
    ...numbered(slots.websites, 'Website', ['Label', 'Value']),
    'UID',
  ];
}

function valuesOf(contact: VCardContact, slots: Slots): string[] {
  const fill = <T>(items: T[], count: number, cells: (item: T | undefined) => string[]) =>
    Array.from({ length: count }, (_, index) => cells(items[index])).flat();
  const labelled = (item: { label: string; value: string } | undefined) => [
    item?.label ?? '',
    item?.value ?? '',
  ];
  return [
    contact.firstName,
    contact.middleName,
    contact.lastName,
    contact.prefix,
    contact.suffix,
    contact.nickname,
    contact.organization,
    contact.title,
    contact.department,
    contact.birthday,
    contact.notes,
    contact.categories.join(' ::: '),
    ...fill(contact.emails, slots.emails, labelled),
    ...fill(contact.phones, slots.phones, labelled),
    ...fill(contact.addresses, slots.addresses, (address) => [
      address?.label ?? '',
      address?.street ?? '',
      address?.extended ?? '',
      address?.poBox ?? '',
      address?.city ?? '',
      address?.region ?? '',
      address?.postalCode ?? '',
      address?.country ?? '',
    ]),
    ...fill(contact.websites, slots.websites, labelled),
    contact.uid,
  ];
}

type ReadCard = { card: CardText; contact?: VCardContact; problem?: RowProblem };

function readCard(card: CardText, limits: CsvLimits): ReadCard {
  if (card.problem === 'too-long') {
    return {
      card,
      problem: {
        code: 'ROW_LINE_TOO_LONG',
        message: `the vCard is longer than ${limits.maxLineBytes} bytes (DOVETAIL_MAX_LINE_BYTES, photos not counted): it is refused and only its first characters are kept here`,
        value: card.preview,
      },
    };
  }
  if (card.problem === 'no-end') {
    return {
      card,
      problem: {
        code: 'ROW_MALFORMED_CSV',
        message: 'the vCard has no END:VCARD line before the end of the file',
        value: card.preview,
      },
    };
  }
  try {
    return { card, contact: parseVCard(card.properties) };
  } catch (error) {
    return {
      card,
      problem: {
        code: 'ROW_MALFORMED_CSV',
        message: `the vCard cannot be read: ${error instanceof Error ? error.message : String(error)}`,
        value: card.preview,
      },
    };
  }
}

export async function openVCard(source: Readable, options: VCardReadOptions): Promise<CsvFile> {
  const { fileName } = options;
  const limits = options.limits ?? defaultCsvLimits;
  const folder = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'dovetail-vcard-'));
  const copy = path.join(folder, 'contacts.vcf');
  const close = () => fs.promises.rm(folder, { recursive: true, force: true });
  const cards = () =>
    (async function* () {
      const text = fs.createReadStream(copy).pipe(iconv.decodeStream(options.encoding));
      for await (const card of vCardTexts(text as AsyncIterable<string>, limits))
        yield readCard(card, limits);
    })();
  try {
    await pipeline(source, fs.createWriteStream(copy));
    const totalBytes = (await fs.promises.stat(copy)).size;
    const slots: Slots = { emails: 1, phones: 1, addresses: 1, websites: 1 };
    let cardCount = 0;
    for await (const { contact } of cards()) {
      cardCount++;
      if (!contact) continue;
      slots.emails = Math.max(slots.emails, contact.emails.length);
      slots.phones = Math.max(slots.phones, contact.phones.length);
      slots.addresses = Math.max(slots.addresses, contact.addresses.length);
      slots.websites = Math.max(slots.websites, contact.websites.length);
    }
    if (cardCount === 0) {
      throw new DovetailError('CSV_EMPTY', `${fileName} holds no vCard (no BEGIN:VCARD line)`, {
        file: fileName,
      });
    }
    const header = headerOf(slots);
    let cardsRead = 0;
    async function* records(): AsyncGenerator<CsvRecord> {
      try {
        for await (const { card, contact, problem } of cards()) {
          cardsRead++;
          const values = contact ? valuesOf(contact, slots) : new Array<string>(header.length).fill('');
          yield {
            line: card.line,
            values,
            rawValues: contact ? values : [card.preview],
            problems: problem ? [problem] : [],
          };
        }
      } finally {
        await close();
      }
    }
    return {
      encoding: options.encoding,
      delimiter: vCardDelimiter,
      header,
      records: records(),
      // Progress by cards, in the file's bytes (the second pass is the one that counts).
      bytesRead: () => Math.round((cardsRead / cardCount) * totalBytes),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
