import fs from 'node:fs';
import type { Command } from 'commander';
import type { ContactQuery, NewContact } from '../../contacts/contact-service.js';
import { reindexContacts } from '../../contacts/reindex-contacts.js';
import { DovetailError } from '../../errors/dovetail-error.js';
import { contactQuerySchema, newContactSchema } from '../../http/schemas/contact.schema.js';
import { actingUser, positiveInteger, userOption } from '../acting-user.js';
import { formatContact, formatContactPage, formatReindexSummary } from '../contact-output.js';
import { printJson } from '../output.js';
import { recordId } from '../parse-id.js';
import { createCountProgressReporter } from '../progress.js';
import { withApp } from '../with-app.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

function pageOptions(command: Command): Command {
  return command
    .option('--page <n>', 'page number', positiveInteger('page number'), 1)
    .option('--page-size <n>', 'contacts per page (at most 200)', positiveInteger('page size'), 50)
    .option('--sort <order>', 'name, -name, created, -created, updated or -updated', 'name')
    .option(...userOption)
    .option('--json', 'print JSON');
}

/** The query of list/search, checked by the API's own schema. */
function contactQuery(options: { page: number; pageSize: number; sort: string }, q?: string): ContactQuery {
  const parsed = contactQuerySchema.safeParse({ ...options, q });
  if (!parsed.success)
    throw new DovetailError('INVALID_ARGUMENT', parsed.error.issues.map((i) => i.message).join('; '));
  return parsed.data;
}

/** A contact from --file (the API's JSON body) and/or the shorthand options. */
function newContact(options: Record<string, unknown>): NewContact {
  const fromFile = options.file ? JSON.parse(fs.readFileSync(String(options.file), 'utf8')) : {};
  const emails = (options.email as string[] | undefined) ?? [];
  const phones = (options.phone as string[] | undefined) ?? [];
  const body = {
    kind: options.kind ?? 'person',
    ...fromFile,
    ...(options.first ? { firstName: options.first } : {}),
    ...(options.last ? { lastName: options.last } : {}),
    ...(options.company ? { companyName: options.company } : {}),
    ...(options.owner ? { ownerUserName: options.owner } : {}),
    ...(options.country ? { defaultCountry: options.country } : {}),
    ...(options.category ? { categories: options.category } : {}),
    ...(emails.length + phones.length > 0
      ? {
          communications: [
            ...emails.map((value) => ({ channel: 'email', value })),
            ...phones.map((value) => ({ channel: 'phone', value })),
          ],
        }
      : {}),
  };
  const parsed = newContactSchema.safeParse(body);
  if (!parsed.success) {
    throw new DovetailError(
      'INVALID_ARGUMENT',
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
    );
  }
  return parsed.data;
}

/** Contacts as a user sees them: list, search, show, add and delete; and reindex, for administrators. */
export function registerContactsCommands(program: Command): void {
  const contacts = program.command('contacts').description('contacts (only those the --user may see)');
  pageOptions(contacts.command('list').description('list contacts, by name unless --sort says')).action(
    async (options) => {
      await withApp(async (app) => {
        const page = await app.contacts.search(await actingUser(app, options.user), contactQuery(options));
        if (options.json) printJson(page);
        else process.stdout.write(`${formatContactPage(page, options.page)}\n`);
      });
    },
  );
  pageOptions(
    contacts.command('search').description('search contacts by name, email or phone').argument('<query>'),
  ).action(async (query: string, options) => {
    await withApp(async (app) => {
      const page = await app.contacts.search(
        await actingUser(app, options.user),
        contactQuery(options, query),
      );
      if (options.json) printJson(page);
      else process.stdout.write(`${formatContactPage(page, options.page)}\n`);
    });
  });
  contacts
    .command('show')
    .description('one contact with its collections')
    .argument('<id>', 'contact id', recordId('a contact id'))
    .option('--history', 'its audit trail instead')
    .option(...userOption)
    .option('--json', 'print JSON')
    .action(async (id: number, options) => {
      await withApp(async (app) => {
        const actor = await actingUser(app, options.user);
        if (options.history) {
          printJson(await app.contacts.history(actor, id));
          return;
        }
        const contact = await app.contacts.show(actor, id);
        if (options.json) printJson(contact);
        else process.stdout.write(`${formatContact(contact)}\n`);
      });
    });
  contacts
    .command('add')
    .description('add a contact (options, or --file with the JSON body of POST /api/contacts)')
    .option('--kind <kind>', 'person or company', 'person')
    .option('--first <name>', 'first name')
    .option('--last <name>', 'last name')
    .option('--company <name>', 'company name')
    .option('--email <email>', 'an email address (repeatable)', collect)
    .option('--phone <phone>', 'a phone number (repeatable)', collect)
    .option('--category <name>', "one of the owner's categories (repeatable)", collect)
    .option('--owner <user>', 'owner (default: the --user; another owner needs an administrator)')
    .option('--country <code>', 'country of phone numbers without "+" (default US)')
    .option('--file <path>', 'a JSON file with the whole contact')
    .option(...userOption)
    .option('--json', 'print JSON')
    .action(async (options) => {
      const input = newContact(options);
      await withApp(async (app) => {
        const contact = await app.contacts.create(await actingUser(app, options.user), input);
        if (options.json) printJson(contact);
        else process.stdout.write(`Added contact ${contact.id}: ${contact.displayName}\n`);
      });
    });
  contacts
    .command('delete')
    .description('delete a contact (recorded in its audit trail)')
    .argument('<id>', 'contact id', recordId('a contact id'))
    .option(...userOption)
    .action(async (id: number, options) => {
      await withApp(async (app) => {
        await app.contacts.delete(await actingUser(app, options.user), id);
        process.stdout.write(`Deleted contact ${id}\n`);
      });
    });
  contacts
    .command('reindex')
    .description(
      "rebuild every contact's blocking keys and stored match profile from its tables (administration: " +
        'after an upgrade that changed matching; safe beside a running server; rerun if interrupted)',
    )
    .option('--json', 'print JSON')
    .action(async (options) => {
      await withApp(async (app) => {
        const progress = createCountProgressReporter(
          !options.json && process.stderr.isTTY === true,
          'Reindexing',
          'contacts',
        );
        const summary = await reindexContacts(app.repositories, {
          onProgress: ({ contactsDone, contactsTotal }) => progress.update(contactsDone, contactsTotal),
        }).finally(() => progress.stop());
        if (options.json) printJson(summary);
        else process.stdout.write(`${formatReindexSummary(summary)}\n`);
      });
    });
}
