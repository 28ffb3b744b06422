import { z } from 'zod';
import type { ContactChanges, ContactList, ContactPage, NewContact } from '../../contacts/contact-service.js';
import { maxPageSize } from '../../contacts/contact-service.js';
import type { Contact, ContactHistoryEntry, ContactSummary } from '../../contacts/contact-view.js';
import {
  addressTypes,
  communicationChannels,
  communicationTypes,
  contactStatuses,
} from '../../format/attributes.js';

// Values are checked by the import's own converters in the service (emails, phones, dates, codes,
// lengths, the owner's categories and fields); these schemas give the shape and the documentation.
const text = z.string().nullable().optional();
const flag = z.boolean().nullable().optional();

const contactFields = {
  title: text,
  firstName: text,
  middleName: text,
  lastName: text,
  preferredName: text,
  suffix: text,
  birthDate: text.describe('YYYY-MM-DD'),
  companyName: text,
  position: text,
  industry: text.describe('companies only'),
  status: text.describe(contactStatuses.join(', ')),
};

const collections = {
  addresses: z
    .array(
      z.object({
        type: text.describe(addressTypes.join(', ')),
        street: text,
        street2: text,
        city: text,
        state: text,
        postalCode: text,
        country: text,
        isPrimary: flag,
      }),
    )
    .optional(),
  communications: z
    .array(
      z.object({
        channel: text.describe(`${communicationChannels.join(', ')}; guessed from the value when left out`),
        type: text.describe(communicationTypes.join(', ')),
        value: z.string(),
        isPrimary: flag,
      }),
    )
    .optional(),
  categories: z.array(z.string()).optional().describe("names from the owner's categories"),
  notes: z.array(z.object({ subject: text, text: z.string(), date: text })).optional(),
  fieldValues: z
    .array(z.object({ scope: z.enum(['custom', 'user']).optional(), field: z.string(), value: z.string() }))
    .optional()
    .describe("the owner's custom and user fields"),
  legacyKeys: z.array(z.object({ legacyKey: z.string(), source: z.string() })).optional(),
};

const writeOptions = {
  ownerUserName: z
    .string()
    .min(1)
    .optional()
    .describe('default: you; another owner needs administrator rights'),
  defaultCountry: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional()
    .describe('country of phone numbers written without "+" (default US)'),
};

export const newContactSchema = z.object({
  kind: z.enum(['person', 'company']),
  ...contactFields,
  ...collections,
  ...writeOptions,
}) satisfies z.ZodType<NewContact>;

export const contactChangesSchema = z
  .object({ ...contactFields, ...collections, ...writeOptions })
  .describe(
    'fields given are set (null clears); a collection given replaces the whole collection',
  ) satisfies z.ZodType<ContactChanges>;

export const contactSummarySchema = z.object({
  id: z.number().int(),
  kind: z.enum(['person', 'company']),
  displayName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  ownerUserName: z.string(),
}) satisfies z.ZodType<ContactSummary>;

export const contactPageSchema = z.object({
  items: z.array(contactSummarySchema),
  total: z.number().int().describe('every contact that matches, beyond this page'),
}) satisfies z.ZodType<ContactPage>;

const nullableText = z.string().nullable();

export const contactSchema = contactSummarySchema.extend({
  title: nullableText,
  firstName: nullableText,
  middleName: nullableText,
  lastName: nullableText,
  preferredName: nullableText,
  suffix: nullableText,
  birthDate: nullableText,
  companyName: nullableText,
  position: nullableText,
  industry: nullableText,
  status: nullableText,
  createdAt: z.string(),
  updatedAt: z.string(),
  addresses: z.array(
    z.object({
      id: z.number().int(),
      type: nullableText,
      street: nullableText,
      street2: nullableText,
      city: nullableText,
      state: nullableText,
      postalCode: nullableText,
      country: nullableText,
      isPrimary: z.boolean().nullable(),
    }),
  ),
  communications: z.array(
    z.object({
      id: z.number().int(),
      channel: z.string(),
      type: nullableText,
      value: z.string(),
      isPrimary: z.boolean().nullable(),
    }),
  ),
  categories: z.array(z.string()),
  notes: z.array(
    z.object({ id: z.number().int(), subject: nullableText, text: z.string(), date: nullableText }),
  ),
  fieldValues: z.array(
    z.object({
      id: z.number().int(),
      scope: z.enum(['custom', 'user']),
      field: z.string(),
      value: z.string(),
    }),
  ),
  legacyKeys: z.array(z.object({ id: z.number().int(), legacyKey: z.string(), source: z.string() })),
}) satisfies z.ZodType<Contact>;

export const contactHistorySchema = z.array(
  z.object({
    id: z.number().int(),
    entity: z.string(),
    entityId: z.number().nullable(),
    action: z.enum(['create', 'update', 'add', 'remove', 'delete']),
    field: z.string().nullable(),
    before: z.unknown().describe('JSON: the value, collection row or whole contact before'),
    after: z.unknown().describe('JSON: the value, collection row or whole contact after'),
    changedAt: z.string(),
    userName: z.string().nullable(),
    jobId: z.number().nullable(),
  }),
) satisfies z.ZodType<ContactHistoryEntry[]>;

export const contactQuerySchema = z.object({
  q: z.string().optional().describe('name, email or phone'),
  page: z.coerce.number().int().positive().default(1),
  pageSize: z.coerce.number().int().positive().max(maxPageSize).default(50),
  sort: z.enum(['name', '-name', 'created', '-created', 'updated', '-updated']).default('name'),
});

export const contactIdParamsSchema = z.object({ id: z.coerce.number().int().positive() });

export const contactListSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  ownerUserName: z.string(),
  jobId: z.number().int().nullable(),
  createdAt: z.string(),
}) satisfies z.ZodType<ContactList>;
