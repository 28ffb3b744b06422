import type { ContactPage } from '../contacts/contact-service.js';
import type { Contact } from '../contacts/contact-view.js';
import type { ReindexSummary } from '../contacts/reindex-contacts.js';
import type { Team } from '../teams/team-service.js';
import { table } from './output.js';

export function formatContactPage(page: ContactPage, pageNumber: number): string {
  if (page.items.length === 0)
    return page.total === 0 ? 'No contacts match.' : `Page ${pageNumber} is empty (${page.total} contacts).`;
  return [
    table([
      ['ID', 'Kind', 'Name', 'Email', 'Phone', 'Owner'],
      ...page.items.map((item) => [
        String(item.id),
        item.kind,
        item.displayName,
        item.email ?? '',
        item.phone ?? '',
        item.ownerUserName,
      ]),
    ]),
    `${page.items.length} of ${page.total} contact${page.total === 1 ? '' : 's'} (page ${pageNumber})`,
  ].join('\n');
}

export function formatContact(contact: Contact): string {
  const line = (label: string, value: string | null) =>
    value ? [`  ${`${label}:`.padEnd(15)}${value}`] : [];
  const lines = [
    `Contact ${contact.id} (${contact.kind}): ${contact.displayName}`,
    ...line('Owner', contact.ownerUserName),
    ...line('Title', contact.title),
    ...line('First name', contact.firstName),
    ...line('Middle name', contact.middleName),
    ...line('Last name', contact.lastName),
    ...line('Preferred', contact.preferredName),
    ...line('Suffix', contact.suffix),
    ...line('Birth date', contact.birthDate),
    ...line('Company', contact.companyName),
    ...line('Position', contact.position),
    ...line('Industry', contact.industry),
    ...line('Status', contact.status),
    ...line('Categories', contact.categories.join(', ')),
  ];
  for (const communication of contact.communications) {
    lines.push(
      `  ${communication.channel}${communication.type ? ` (${communication.type})` : ''}: ${communication.value}${communication.isPrimary ? ' [primary]' : ''}`,
    );
  }
  for (const address of contact.addresses) {
    const parts = [
      address.street,
      address.street2,
      address.city,
      address.state,
      address.postalCode,
      address.country,
    ];
    lines.push(`  address${address.type ? ` (${address.type})` : ''}: ${parts.filter(Boolean).join(', ')}`);
  }
  for (const value of contact.fieldValues)
    lines.push(`  ${value.scope} field ${value.field}: ${value.value}`);
  for (const note of contact.notes)
    lines.push(
      `  note${note.date ? ` ${note.date}` : ''}: ${note.subject ? `${note.subject} — ` : ''}${note.text}`,
    );
  for (const key of contact.legacyKeys) lines.push(`  legacy key: ${key.legacyKey} (${key.source})`);
  return lines.join('\n');
}

export function formatTeams(teams: readonly Team[]): string {
  if (teams.length === 0) return 'No teams.';
  return table([
    ['ID', 'Team', 'Members'],
    ...teams.map((team) => [String(team.id), team.name, team.members.join(', ')]),
  ]);
}

export function formatReindexSummary(summary: ReindexSummary): string {
  const count = (n: number, what: string) => `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`;
  return (
    `Reindexed ${count(summary.contacts, 'contact')} in ${summary.seconds.toFixed(1)} s: ` +
    `${count(summary.keysBefore, 'blocking key')} before, ${summary.keysAfter.toLocaleString('en-US')} now; ` +
    `${count(summary.profilesWritten, 'match profile')} written (${summary.profilesBefore.toLocaleString('en-US')} stored before).`
  );
}
