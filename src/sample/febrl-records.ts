/**
 * The FEBRL data sets (test/fixtures/febrl/, see its README) read as match profiles with their
 * ground truth: two records are the same person exactly when their rec_id names the same N
 * (`rec-N-org`, `rec-N-dup-K`). The national id column (soc_sec_id) is left out: a CRM has none.
 */
import type { MatchProfile } from '../pipeline/match/match-profile.js';

export interface FebrlRecord {
  /** rec_id as written, e.g. "rec-12-dup-0". */
  recId: string;
  /** The N of rec_id: the person. */
  person: number;
  original: boolean;
  profile: MatchProfile;
}

const columns = [
  'rec_id',
  'given_name',
  'surname',
  'street_number',
  'address_1',
  'address_2',
  'suburb',
  'postcode',
  'state',
  'date_of_birth',
] as const;

/** YYYYMMDD as the loader stores a date (YYYY-MM-DD); anything else is no birth date. */
function birthDateOf(text: string): string | null {
  return /^\d{8}$/.test(text) ? `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}` : null;
}

/**
 * Reads a FEBRL CSV (fields separated by ", ", no quoting) into profiles whose ids are their
 * line order (0 …). A record's address is its street number and first address line as the
 * street, the suburb as the city, with the postcode; address_2 (a building or locality name)
 * has no place in a contact's address and is left out, as an importer would map it.
 */
export function readFebrl(text: string): FebrlRecord[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = lines[0]!.split(',').map((name) => name.trim());
  const at = columns.map((name) => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`FEBRL file has no column ${name}`);
    return index;
  });
  return lines.slice(1).map((line, id) => {
    const cells = line.split(',').map((cell) => cell.trim());
    const [recId, given, surname, number, address1, , suburb, postcode, state, born] = at.map(
      (index) => cells[index] ?? '',
    );
    const found = /^rec-(\d+)-(org|dup-\d+)$/.exec(recId!);
    if (!found) throw new Error(`FEBRL line ${id + 2}: rec_id "${recId}" is not rec-N-org or rec-N-dup-K`);
    const street = [number, address1].filter(Boolean).join(' ');
    const hasAddress = street !== '' || suburb !== '' || postcode !== '';
    const profile: MatchProfile = {
      id,
      kind: 'person',
      firstName: given || null,
      middleName: null,
      lastName: surname || null,
      preferredName: null,
      birthDate: birthDateOf(born!),
      companyName: null,
      emails: [],
      phones: [],
      postalCodes: postcode ? [postcode] : [],
      legacyKeys: [recId!],
      addresses: hasAddress
        ? [
            {
              street: street || null,
              city: suburb || null,
              postalCode: postcode || null,
              country: state ? 'AU' : null,
            },
          ]
        : [],
    };
    return { recId: recId!, person: Number(found[1]), original: found[2] === 'org', profile };
  });
}

/** Every pair of records (by id, lower first) that are the same person: the links to find. */
export function truePairsOf(records: readonly FebrlRecord[]): Set<string> {
  const byPerson = new Map<number, number[]>();
  for (const record of records) {
    const ids = byPerson.get(record.person);
    if (ids) ids.push(record.profile.id!);
    else byPerson.set(record.person, [record.profile.id!]);
  }
  const pairs = new Set<string>();
  for (const ids of byPerson.values())
    for (let i = 0; i < ids.length; i++)
      for (let j = i + 1; j < ids.length; j++) pairs.add(pairKey(ids[i]!, ids[j]!));
  return pairs;
}

export const pairKey = (first: number, second: number): string =>
  first < second ? `${first}-${second}` : `${second}-${first}`;
