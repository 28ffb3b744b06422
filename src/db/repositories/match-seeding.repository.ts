import { sql } from 'kysely';
import { type AddressFields, type MatchProfile, storedProfileText } from '../../format/match-profile.js';
import { scoringProfileOf } from '../contact-match-profile.js';
import { nameColumnsOf } from '../contact-values.js';
import type { Database } from '../database.js';
import type { DialectName } from '../dialect-name.js';
import type { ContactFields } from '../schema.js';

/** The contact's own fields as a profile gives them (the same for a contact and a staged contact). */
const contactFieldsOf = (profile: MatchProfile): ContactFields => ({
  kind: profile.kind,
  title: profile.title ?? null,
  first_name: profile.firstName,
  middle_name: profile.middleName,
  last_name: profile.lastName,
  preferred_name: profile.preferredName,
  suffix: profile.suffix ?? null,
  birth_date: profile.birthDate,
  company_name: profile.companyName,
  position: null,
  industry: null,
  status: null,
});

const addressesOf = (profile: MatchProfile): readonly AddressFields[] =>
  profile.addresses ?? profile.postalCodes.map((postalCode) => ({ postalCode }));

/**
 * Writes match profiles as existing contacts (with their blocking keys) or as a job's staged
 * contacts, quickly and without an audit trail: for the match tests and `npm run bench:match`,
 * which need a hundred thousand contacts in seconds. Real contacts are written by the contacts
 * service and Process, which record who changed what.
 */
export class MatchSeedingRepository {
  constructor(
    private readonly db: Database,
    private readonly dialect: DialectName,
  ) {}

  private async insertMany(table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
    if (rows.length === 0) return;
    const perStatement = Math.max(1, Math.floor(12_000 / Object.keys(rows[0]!).length));
    await this.db.transaction().execute(async (trx) => {
      for (let start = 0; start < rows.length; start += perStatement) {
        // biome-ignore lint/suspicious/noExplicitAny: table names come from this file only.
        await (trx as any)
          .insertInto(table)
          .values(rows.slice(start, start + perStatement))
          .execute();
      }
    });
  }

  /** Adds the profiles as contacts of `ownerUserId`; returns their ids in the same order. */
  async addContacts(
    ownerUserId: number,
    contacts: readonly { profile: MatchProfile; keys: readonly string[] }[],
    now = new Date(),
  ): Promise<number[]> {
    const last = await this.db
      .selectFrom('contacts')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirst();
    const firstId = Number(last?.id ?? 0) + 1;
    const stamp = now.toISOString();
    const ids = contacts.map((_, index) => firstId + index);
    await this.insertMany(
      'contacts',
      contacts.map(({ profile }, index) => ({
        id: ids[index],
        owner_user_id: ownerUserId,
        ...contactFieldsOf(profile),
        ...nameColumnsOf(contactFieldsOf(profile)),
        created_at: stamp,
        updated_at: stamp,
      })),
    );
    const each = <T>(make: (profile: MatchProfile, id: number) => T[]) =>
      contacts.flatMap(({ profile }, index) => make(profile, ids[index]!));
    const addresses = each((profile, id) =>
      addressesOf(profile).map((address) => ({
        contact_id: id,
        street: address.street ?? null,
        city: address.city ?? null,
        postal_code: address.postalCode ?? null,
        country: address.country ?? null,
      })),
    );
    const communications = each((profile, id) => [
      ...profile.emails.map((value) => ({
        contact_id: id,
        channel: 'email',
        value,
        normalized_value: value.toLowerCase(),
      })),
      ...profile.phones.map((value) => ({
        contact_id: id,
        channel: 'phone',
        value,
        normalized_value: value,
      })),
    ]);
    const legacyKeys = each((profile, id) =>
      profile.legacyKeys.map((key) => ({ contact_id: id, legacy_key: key, source: 'seed' })),
    );
    await this.insertMany('contact_addresses', addresses);
    await this.insertMany('contact_communications', communications);
    await this.insertMany('contact_legacy_keys', legacyKeys);
    await this.insertMany(
      'contact_match_keys',
      contacts.flatMap(({ keys }, index) => keys.map((key) => ({ match_key: key, contact_id: ids[index] }))),
    );
    // The scoring profile exactly as Process would store it, from the rows just written.
    const rowsOf = <T extends { contact_id: number }>(rows: readonly T[]) => {
      const byContact = new Map<number, T[]>();
      for (const row of rows) byContact.set(row.contact_id, [...(byContact.get(row.contact_id) ?? []), row]);
      return (id: number) => byContact.get(id) ?? [];
    };
    const [addressesFor, communicationsFor, legacyKeysFor] = [
      rowsOf(addresses),
      rowsOf(communications),
      rowsOf(legacyKeys),
    ];
    await this.insertMany(
      'contact_match_profiles',
      contacts.map(({ profile }, index) => {
        const id = ids[index]!;
        const stored = scoringProfileOf(contactFieldsOf(profile), {
          addresses: addressesFor(id),
          communications: communicationsFor(id),
          legacyKeys: legacyKeysFor(id),
        });
        return { contact_id: id, profile: storedProfileText(stored) };
      }),
    );
    if (this.dialect === 'postgres') {
      await sql`select setval(pg_get_serial_sequence('contacts', 'id'), (select max(id) from contacts))`.execute(
        this.db,
      );
    }
    return ids;
  }

  /** Stages the profiles in a job as the loader would (legacy key = the profile's first legacy key). */
  async stageContacts(jobId: number, profiles: readonly MatchProfile[]): Promise<void> {
    const keyOf = (profile: MatchProfile, index: number) => profile.legacyKeys[0] ?? `S${index}`;
    await this.insertMany(
      'staged_contacts',
      profiles.map((profile, index) => ({
        job_id: jobId,
        source_file: 'contacts.csv',
        source_line: index + 2,
        legacy_key: keyOf(profile, index),
        ...contactFieldsOf(profile),
      })),
    );
    let line = 2;
    await this.insertMany(
      'staged_addresses',
      profiles.flatMap((profile, index) =>
        addressesOf(profile).map((address) => ({
          job_id: jobId,
          source_file: 'addresses.csv',
          source_line: line++,
          contact_key: keyOf(profile, index),
          street: address.street ?? null,
          city: address.city ?? null,
          postal_code: address.postalCode ?? null,
          country: address.country ?? null,
        })),
      ),
    );
    line = 2;
    await this.insertMany(
      'staged_communications',
      profiles.flatMap((profile, index) =>
        [
          ...profile.emails.map((value) => ({ channel: 'email', value })),
          ...profile.phones.map((value) => ({ channel: 'phone', value })),
        ].map((communication) => ({
          job_id: jobId,
          source_file: 'communications.csv',
          source_line: line++,
          contact_key: keyOf(profile, index),
          ...communication,
        })),
      ),
    );
  }

  /** The staged contact id of each legacy key of a job. */
  async stagedIds(jobId: number): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('staged_contacts')
      .select(['id', 'legacy_key'])
      .where('job_id', '=', jobId)
      .execute();
    return new Map(rows.map((row) => [row.legacy_key, Number(row.id)]));
  }
}
