import { z } from 'zod';
import type { ContactChanges, ContactList, ContactPage, NewContact } from '../../contacts/contact-service.js';
import { maxPageSize } from '../../contacts/contact-service.js';
import type { Contact, ContactHistoryEntry, ContactSummary } from '../../contacts/contact-view.js';
import { maxSearchTerms } from '../../contacts/search-terms.js';
import {
  addressTypes,
  communicationChannels,
  communicationTypes,
  contactStatuses,
} from '../../format/attributes.js';
import { attributeText, boundedText, idParam, maxDatabaseId, textLimits } from './input-blocks.js';

// Values are checked by the import's own converters in the service (emails, phones, dates, codes,
// the owner's categories and fields); these schemas give the shape, the documentation and the
// length limits, which are the package format's own (input-blocks.ts).
const optional = <T extends z.ZodType>(schema: T) => schema.nullable().optional();
const person = (attribute: string) => optional(attributeText('person', attribute));
const company = (attribute: string) => optional(attributeText('company', attribute));
const address = (attribute: string) => optional(attributeText('address', attribute));
/** Codes, dates and other short values that the converters check. */
const shortText = optional(boundedText(40));
const flag = z.boolean().nullable().optional();

const contactFields = {
  title: person('title'),
  firstName: person('firstName'),
  middleName: person('middleName'),
  lastName: person('lastName'),
  preferredName: person('preferredName'),
  suffix: person('suffix'),
  birthDate: shortText.describe('YYYY-MM-DD'),
  companyName: person('companyName'),
  position: person('position'),
  industry: company('industry').describe('companies only'),
  status: shortText.describe(contactStatuses.join(', ')),
};

const collections = {
  addresses: z
    .array(
      z.object({
        type: shortText.describe(addressTypes.join(', ')),
        street: address('street'),
        street2: address('street2'),
        city: address('city'),
        state: address('state'),
        postalCode: address('postalCode'),
        country: address('country'),
        isPrimary: flag,
      }),
    )
    .optional(),
  communications: z
    .array(
      z.object({
        channel: shortText.describe(
          `${communicationChannels.join(', ')}; guessed from the value when left out`,
        ),
        type: shortText.describe(communicationTypes.join(', ')),
        value: attributeText('communication', 'value'),
        isPrimary: flag,
      }),
    )
    .optional(),
  categories: z
    .array(attributeText('category', 'category'))
    .optional()
    .describe("names from the owner's categories"),
  notes: z
    .array(
      z.object({
        subject: optional(attributeText('note', 'subject')),
        text: attributeText('note', 'text'),
        date: shortText,
      }),
    )
    .optional(),
  fieldValues: z
    .array(
      z.object({
        scope: z.enum(['custom', 'user']).optional(),
        field: attributeText('customField', 'field'),
        value: attributeText('customField', 'value'),
      }),
    )
    .optional()
    .describe("the owner's custom and user fields"),
  legacyKeys: z
    .array(
      z.object({ legacyKey: boundedText(textLimits.legacyKey), source: boundedText(textLimits.legacyKey) }),
    )
    .optional(),
};

const writeOptions = {
  ownerUserName: boundedText(textLimits.userName)
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
  q: boundedText(textLimits.searchQuery)
    .optional()
    .describe(
      `name, email or phone; at most ${textLimits.searchQuery} characters and ${maxSearchTerms} words`,
    ),
  page: z.coerce.number().int().positive().max(maxDatabaseId).default(1),
  pageSize: z.coerce.number().int().positive().max(maxPageSize).default(50),
  sort: z.enum(['name', '-name', 'created', '-created', 'updated', '-updated']).default('name'),
});

export const contactIdParamsSchema = z.object({ id: idParam });

export const contactListSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  ownerUserName: z.string(),
  jobId: z.number().int().nullable(),
  createdAt: z.string(),
}) satisfies z.ZodType<ContactList>;
