import type { ContactSnapshot } from '../../db/repositories/contact-records.js';
import type { ContactFields } from '../../db/schema.js';
import { storedProfileText } from '../../format/match-profile.js';
import { matchIndexOf } from '../match/contact-match-index.js';

/**
 * What a contact's match index is computed from: the contact's fields and the rows of its
 * collections that matchIndexOf reads, with only the columns it reads, as a thread is sent them.
 */
export interface MatchIndexSource {
  contact: ContactFields;
  communications: Array<{ channel: unknown; normalized_value: unknown }>;
  addresses: Array<{ street: unknown; city: unknown; postal_code: unknown; country: unknown }>;
  legacyKeys: Array<{ legacy_key: unknown; source: unknown }>;
}

/** A contact's entries in the match index, as they are stored. */
export interface IndexedContact {
  keys: string[];
  /** The scoring profile's JSON (storedProfileText). */
  profileText: string;
}

export function matchIndexSourceOf({ contact, collections }: ContactSnapshot): MatchIndexSource {
  return {
    contact: {
      kind: contact.kind,
      title: contact.title,
      first_name: contact.first_name,
      middle_name: contact.middle_name,
      last_name: contact.last_name,
      preferred_name: contact.preferred_name,
      suffix: contact.suffix,
      birth_date: contact.birth_date,
      company_name: contact.company_name,
      position: contact.position,
      industry: contact.industry,
      status: contact.status,
    },
    communications: collections.contact_communications.map((row) => ({
      channel: row.channel,
      normalized_value: row.normalized_value,
    })),
    addresses: collections.contact_addresses.map((row) => ({
      street: row.street,
      city: row.city,
      postal_code: row.postal_code,
      country: row.country,
    })),
    legacyKeys: collections.contact_legacy_keys.map((row) => ({
      legacy_key: row.legacy_key,
      source: row.source,
    })),
  };
}

/** The match index of a contact, from its source (matchIndexSourceOf), in either thread. */
export function indexContact({
  contact,
  communications,
  addresses,
  legacyKeys,
}: MatchIndexSource): IndexedContact {
  const index = matchIndexOf(contact, { communications, addresses, legacyKeys });
  return { keys: index.keys, profileText: storedProfileText(index.profile) };
}
