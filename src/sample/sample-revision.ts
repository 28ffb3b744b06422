/**
 * A later export of the same legacy system: the people of a sample package (same contact count
 * and seed) come back, some of them changed, a few entered twice, and people who left are
 * replaced by new ones. Importing it into a database that holds the first package is what a
 * second migration wave looks like, so Match finds real duplicates among the stored contacts and
 * Process merges them.
 *
 * @example
 * const revise = createSampleRevision({ seed: 1, revision: 1, categories });
 * for (const contact of revise(original, newPersonKey)) rowsOf(contact, emit);
 */
import { faker as fakerEN_US } from '@faker-js/faker/locale/en_US';
import { typo } from './corrupt-profile.js';
import { asciiSlug, createContactGenerator, type FakeContact, type FakePerson } from './fake-contacts.js';
import { privateFaker } from './fake-regions.js';

/** What happens to the original contacts in the later export, in %. */
export const revisionShares = {
  /** Left the legacy system; a new person takes their place in the package. */
  replaced: 20,
  /** Of those that come back: exported with one or two changes (moved, new phone or email, married, a typo). */
  changed: 30,
  /** Of those that come back: also entered a second time under another key, with a typo. */
  twice: 3,
} as const;

export interface SampleRevisionOptions {
  seed: number;
  /** 1, 2, …: each revision makes other decisions. */
  revision: number;
  categories: readonly string[];
}

/** The contacts the later export has in place of `original` (one, or two when entered twice). */
export type SampleRevision = (
  original: FakeContact,
  newKey: (kind: FakeContact['kind']) => string,
) => FakeContact[];

export function createSampleRevision({ seed, revision, categories }: SampleRevisionOptions): SampleRevision {
  // Separate random streams: the originals must come out exactly as in the first package.
  const decide = privateFaker(fakerEN_US, seed * 1_000_003 + revision);
  const donors = createContactGenerator({ seed: seed * 7_919 + revision * 104_729, categories });
  const newcomers = createContactGenerator({ seed: seed * 15_485_863 + revision, categories });

  /** A made-up person to take a new address, phone, email or name from; one that has them all. */
  const donorPerson = (): FakePerson => {
    for (;;) {
      const donor = donors.person('donor');
      if (donor.addresses.length > 0 && donor.phones.length > 0 && donor.emails.length > 0) return donor;
    }
  };

  const change = (contact: FakeContact): void => {
    const donor = donorPerson();
    switch (decide.number.int(5)) {
      case 0: // moved
        contact.addresses = [{ ...donor.addresses[0]!, type: contact.addresses[0]?.type ?? 'home' }];
        break;
      case 1: // a new phone number
        contact.phones = [...donor.phones.slice(0, 1), ...contact.phones.slice(1)];
        break;
      case 2: // a new email address
        if (contact.kind === 'person' && contact.emails.length > 0) {
          const domain = donor.emails[0]!.address.split('@')[1] ?? 'example.net';
          contact.emails = [{ type: 'home', address: `${emailLocalPart(contact)}@${domain}` }];
        } else contact.emails = donor.emails.slice(0, 1);
        break;
      case 3: // married: a new last name, everything else kept
        if (contact.kind === 'person') contact.lastName = donor.lastName;
        else contact.companyName = typo(contact.companyName, decide);
        break;
      default: // a slip of the keyboard
        if (contact.kind === 'person') contact.firstName = typo(contact.firstName, decide);
        else contact.companyName = typo(contact.companyName, decide);
    }
  };

  return (original, newKey) => {
    if (decide.number.int(99) < revisionShares.replaced) {
      const kind = decide.number.int(99) < 85 ? 'person' : 'company';
      return [kind === 'person' ? newcomers.person(newKey('person')) : newcomers.company(newKey('company'))];
    }
    const again = copyContact(original);
    if (decide.number.int(99) < revisionShares.changed) {
      change(again);
      if (decide.number.int(1) === 0) change(again);
    }
    if (decide.number.int(99) >= revisionShares.twice) return [again];
    const twin = copyContact(again);
    twin.key = newKey(twin.kind);
    if (twin.kind === 'person') twin.lastName = typo(twin.lastName, decide);
    else twin.companyName = typo(twin.companyName, decide);
    twin.notes = [];
    return [again, twin];
  };
}

function emailLocalPart(person: FakePerson): string {
  return `${asciiSlug(person.firstName) || 'contact'}.${asciiSlug(person.lastName) || 'x'}`;
}

function copyContact<T extends FakeContact>(contact: T): T {
  return {
    ...contact,
    addresses: contact.addresses.map((address) => ({ ...address })),
    phones: contact.phones.map((phone) => ({ ...phone })),
    emails: contact.emails.map((email) => ({ ...email })),
    notes: contact.notes.map((note) => ({ ...note })),
    categories: [...contact.categories],
  };
}
