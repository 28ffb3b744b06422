/**
 * A fake contact as the matcher sees it: the match profile a staged or stored contact would give,
 * with phone numbers in E.164 as the loader stores them.
 */
import { completeProfile, type MatchProfile } from '../pipeline/match/match-profile.js';
import { normalisePhone } from '../pipeline/match/phone-number.js';
import { type FakeContact, formatIsoDate } from './fake-contacts.js';

export function fakeContactProfile(contact: FakeContact, id: number): MatchProfile {
  const common = {
    id,
    legacyKeys: [contact.key],
    companyName: contact.companyName || null,
    emails: contact.emails.map((email) => email.address),
    phones: contact.phones.map((phone) => normalisePhone(phone.number, contact.region) ?? phone.number),
    postalCodes: contact.addresses.map((address) => address.postalCode),
    addresses: contact.addresses.map(({ street, city, postalCode, country }) => ({
      street,
      city,
      postalCode,
      country,
    })),
  };
  if (contact.kind === 'company') return completeProfile({ ...common, kind: 'company' });
  return completeProfile({
    ...common,
    kind: 'person',
    title: contact.title || null,
    firstName: contact.firstName,
    middleName: contact.middleName || null,
    lastName: contact.lastName,
    birthDate: contact.birthDate ? formatIsoDate(contact.birthDate) : null,
  });
}
