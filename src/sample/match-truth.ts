/**
 * Test data for matching with its ground truth: a set of existing contacts and an incoming set
 * in which about half are damaged duplicates of existing contacts (corrupt-profile.ts) and the
 * rest are other people, including the hard ones: relatives who share a surname, an address and
 * a phone; namesakes with the same first and last name; a junior at his father's address.
 *
 * @example const truth = generateMatchTruth({ existing: 1000, incoming: 1000, seed: 1 });
 * // truth.originalOf[i] is the existing id incoming i duplicates, or -1
 */
import { faker as fakerEN_US } from '@faker-js/faker/locale/en_US';
import type { MatchProfile } from '../pipeline/match/match-profile.js';
import { areNicknames } from '../pipeline/match/nicknames.js';
import { fakeContactProfile } from './contact-profile.js';
import { corruptions, corruptionWeights } from './corrupt-profile.js';
import { asciiSlug, createContactGenerator, type FakePerson } from './fake-contacts.js';
import { privateFaker } from './fake-regions.js';

export type IncomingKind = 'duplicate' | 'new' | 'relative' | 'namesake' | 'junior';

export interface MatchTruth {
  existing: MatchProfile[];
  /** Ids 0 … n-1, a space of their own (they are staged, not stored). */
  incoming: MatchProfile[];
  /** For each incoming profile, the id of the existing contact it duplicates, or -1. */
  originalOf: Int32Array;
  kinds: IncomingKind[];
  /** For each duplicate, the damage done to it. */
  corruptionsOf: string[][];
}

export interface MatchTruthOptions {
  existing: number;
  incoming: number;
  seed: number;
}

/** Shares of the incoming set; the rest are new, unrelated people. */
const shares = { duplicate: 0.5, relative: 0.08, namesake: 0.04, junior: 0.01 };
/** Duplicates re-imported from the same source keep their legacy key. */
const sameSourceShare = 0.1;

const capitalised = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

const copy = (profile: MatchProfile, id: number): MatchProfile => ({
  ...profile,
  id,
  emails: [...(profile.emails ?? [])],
  phones: [...(profile.phones ?? [])],
  addresses: (profile.addresses ?? []).map((address) => ({ ...address })),
  postalCodes: [...profile.postalCodes],
  legacyKeys: [...profile.legacyKeys],
});

const emailLike = (firstName: string, lastName: string, domainOf: string | undefined, fallback: string) =>
  `${asciiSlug(firstName)}.${asciiSlug(lastName)}@${(domainOf ?? fallback).split('@')[1] ?? 'example.com'}`;

export function generateMatchTruth(options: MatchTruthOptions): MatchTruth {
  const categories = ['Client'];
  const original = createContactGenerator({ seed: options.seed, categories });
  const fresh = createContactGenerator({ seed: options.seed * 7919 + 1, categories });
  const faker = privateFaker(fakerEN_US, options.seed * 104_729 + 3);

  // Company names come from small pools; two stored companies with one name and one info@
  // mailbox would be one company, so every company of the data set gets a name of its own.
  const companyNames = new Set<string>();
  const distinctCompany = (profile: MatchProfile): MatchProfile => {
    if (profile.kind !== 'company' || !profile.companyName) return profile;
    let name = profile.companyName;
    while (companyNames.has(name.toLowerCase())) name = `${capitalised(faker.word.adjective())} ${name}`;
    companyNames.add(name.toLowerCase());
    if (name !== profile.companyName) {
      const slug = asciiSlug(name, '-').slice(0, 30).replace(/-+$/, '');
      profile.emails = profile.emails?.map((email) => {
        const domain = email.split('@')[1] ?? '';
        return `${email.split('@')[0]}@${slug}${domain.slice(domain.indexOf('.'))}`;
      });
      profile.companyName = name;
    }
    return profile;
  };
  // Faker draws mailbox domains from a short list, so two John Smiths would share a mailbox:
  // as at a real provider, the second one gets a number.
  const mailboxes = new Set<string>();
  const distinctEmails = (profile: MatchProfile): MatchProfile => {
    profile.emails = profile.emails?.map((email) => {
      let candidate = email.toLowerCase();
      for (let suffix = 2; mailboxes.has(candidate); suffix++)
        candidate = email.replace('@', `${suffix}@`).toLowerCase();
      mailboxes.add(candidate);
      return candidate;
    });
    return profile;
  };
  const distinct = (profile: MatchProfile) => distinctEmails(distinctCompany(profile));
  const existing = Array.from({ length: options.existing }, (_, id) =>
    distinct(fakeContactProfile(original.contact(`P${id}`, `C${id}`), id)),
  );
  const people = existing.filter((profile) => profile.kind === 'person');
  const fathers = people.filter((person) => person.birthDate && person.birthDate < '1975');
  const freshPerson = (id: number) => fresh.person(`N${id}`) as FakePerson;
  const anyExisting = () => existing[faker.number.int(existing.length - 1)]!;
  const anyPerson = () => people[faker.number.int(people.length - 1)]!;

  const incoming: MatchProfile[] = [];
  const originalOf = new Int32Array(options.incoming).fill(-1);
  const kinds: IncomingKind[] = [];
  const corruptionsOf: string[][] = [];

  const reimportedKeys = new Set<string>();
  const duplicate = (id: number): MatchProfile => {
    const source = anyExisting();
    originalOf[id] = source.id!;
    const profile = copy(source, id);
    // A re-import of the same source keeps the key, unless another incoming record took it already.
    const sourceKey = source.legacyKeys[0];
    if (faker.number.float() >= sameSourceShare || !sourceKey || reimportedKeys.has(sourceKey)) {
      profile.legacyKeys = [`N${id}`];
    } else reimportedKeys.add(sourceKey);
    const wanted = faker.helpers.weightedArrayElement([
      { weight: 50, value: 1 },
      { weight: 35, value: 2 },
      { weight: 15, value: 3 },
    ]);
    const done: string[] = [];
    const donor = fakeContactProfile(freshPerson(id), id);
    for (let attempt = 0; done.length < wanted && attempt < 20; attempt++) {
      const name = faker.helpers.weightedArrayElement(corruptionWeights);
      if (!done.includes(name) && corruptions[name]!(profile, faker, donor)) done.push(name);
    }
    corruptionsOf[id] = done;
    return profile;
  };

  const relative = (id: number): MatchProfile => {
    const source = anyPerson();
    let donor = freshPerson(id);
    const sourceFirst = (source.firstName ?? '').toLowerCase();
    while (
      donor.firstName.toLowerCase() === sourceFirst ||
      areNicknames(donor.firstName.toLowerCase(), sourceFirst)
    ) {
      donor = freshPerson(id);
    }
    const profile = fakeContactProfile(donor, id);
    profile.lastName = source.lastName;
    profile.addresses = (source.addresses ?? []).slice(0, 1);
    profile.postalCodes = source.postalCodes.slice(0, 1);
    if (source.phones?.[0]) profile.phones = [source.phones[0]];
    // Families often share the domain, and now and then the mailbox itself.
    const mailbox = emailLike(
      donor.firstName,
      source.lastName ?? '',
      source.emails?.[0],
      donor.emails[0]?.address ?? '',
    );
    if (faker.number.int(4) === 0 && source.emails?.[0]) profile.emails = [source.emails[0]];
    else distinctEmails(Object.assign(profile, { emails: [mailbox] }));
    return profile;
  };

  const namesake = (id: number): MatchProfile => {
    const source = anyPerson();
    const donor = freshPerson(id);
    const profile = fakeContactProfile(donor, id);
    profile.firstName = source.firstName;
    profile.lastName = source.lastName;
    profile.emails = donor.emails.map((email) =>
      emailLike(source.firstName ?? '', source.lastName ?? '', email.address, email.address),
    );
    return distinctEmails(profile);
  };

  const junior = (id: number): MatchProfile => {
    const source = fathers[faker.number.int(fathers.length - 1)] ?? anyPerson();
    const profile = copy(source, id);
    profile.legacyKeys = [`N${id}`];
    profile.suffix = 'Jr.';
    profile.middleName = null;
    const year = Number((source.birthDate ?? '1960').slice(0, 4)) + faker.number.int({ min: 22, max: 35 });
    profile.birthDate = `${year}-${String(faker.number.int({ min: 1, max: 12 })).padStart(2, '0')}-15`;
    const donor = freshPerson(id);
    profile.emails = [
      `${asciiSlug(source.firstName ?? '')}.jr@${donor.emails[0]?.address.split('@')[1] ?? 'example.com'}`,
    ];
    profile.companyName = donor.companyName || null;
    return profile;
  };

  for (let id = 0; id < options.incoming; id++) {
    const draw = faker.number.float();
    let kind: IncomingKind = 'new';
    if (draw < shares.duplicate) kind = 'duplicate';
    else if (draw < shares.duplicate + shares.relative) kind = 'relative';
    else if (draw < shares.duplicate + shares.relative + shares.namesake) kind = 'namesake';
    else if (draw < shares.duplicate + shares.relative + shares.namesake + shares.junior) kind = 'junior';
    kinds.push(kind);
    corruptionsOf.push([]);
    switch (kind) {
      case 'duplicate':
        incoming.push(duplicate(id));
        break;
      case 'relative':
        incoming.push(relative(id));
        break;
      case 'namesake':
        incoming.push(namesake(id));
        break;
      case 'junior':
        incoming.push(junior(id));
        break;
      default:
        incoming.push(distinct(fakeContactProfile(fresh.contact(`N${id}`, `M${id}`), id)));
    }
  }
  return { existing, incoming, originalOf, kinds, corruptionsOf };
}
