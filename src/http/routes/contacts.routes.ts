import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authenticate, currentUser } from '../authenticate.js';
import { apiTags } from '../openapi/api-document.js';
import { pagedResponse, withTotalCount } from '../paged-response.js';
import { apiErrorSchema } from '../schemas/api-error.schema.js';
import {
  contactChangesSchema,
  contactHistorySchema,
  contactIdParamsSchema,
  contactListSchema,
  contactPageSchema,
  contactQuerySchema,
  contactSchema,
  newContactSchema,
} from '../schemas/contact.schema.js';
import type { ServerContext } from '../server-context.js';

/**
 * Contacts and contact lists. Everything answers only with contacts the signed-in user may see;
 * any other contact is 404 CONTACT_NOT_FOUND, as if it did not exist.
 */
export const contactsRoutes: FastifyPluginAsyncZod<ServerContext> = async (server, { app }) => {
  const signedIn = authenticate(app.auth);
  const tags = [apiTags.contacts];

  server.get(
    '/api/contacts',
    {
      onRequest: signedIn,
      schema: {
        operationId: 'searchContacts',
        tags,
        summary: 'Search the contacts I may see by name, email or phone, one page at a time',
        querystring: contactQuerySchema,
        response: { 200: pagedResponse(contactPageSchema, 'One page of the contacts found') },
      },
    },
    async (request, reply) => {
      const page = await app.contacts.search(currentUser(request), request.query);
      return withTotalCount(reply, page.total).send(page);
    },
  );

  server.post(
    '/api/contacts',
    {
      onRequest: signedIn,
      schema: {
        operationId: 'createContact',
        tags,
        summary: 'Create a person or company with its collections (owner: you, unless an administrator says)',
        body: newContactSchema,
        response: {
          201: contactSchema.describe('Created: the contact'),
          403: apiErrorSchema.describe('Another owner named by someone who is not an administrator'),
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await app.contacts.create(currentUser(request), request.body)),
  );

  server.get(
    '/api/contacts/:id',
    {
      onRequest: signedIn,
      schema: {
        operationId: 'getContact',
        tags,
        summary: 'One contact with its collections',
        params: contactIdParamsSchema,
        response: { 200: contactSchema.describe('The contact') },
      },
    },
    async (request) => app.contacts.show(currentUser(request), request.params.id),
  );

  server.patch(
    '/api/contacts/:id',
    {
      onRequest: signedIn,
      schema: {
        operationId: 'updateContact',
        tags,
        summary: 'Change a contact: fields given are set, collections given are replaced',
        params: contactIdParamsSchema,
        body: contactChangesSchema,
        response: {
          200: contactSchema.describe('The contact as changed'),
          403: apiErrorSchema.describe('Another owner named by someone who is not an administrator'),
        },
      },
    },
    async (request) => app.contacts.update(currentUser(request), request.params.id, request.body),
  );

  server.delete(
    '/api/contacts/:id',
    {
      onRequest: signedIn,
      schema: {
        operationId: 'deleteContact',
        tags,
        summary: 'Delete a contact',
        params: contactIdParamsSchema,
        response: { 204: z.null().describe('Deleted') },
      },
    },
    async (request, reply) => {
      await app.contacts.delete(currentUser(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  server.get(
    '/api/contacts/:id/history',
    {
      onRequest: signedIn,
      schema: {
        operationId: 'getContactHistory',
        tags,
        summary: "A contact's audit trail, oldest first",
        params: contactIdParamsSchema,
        response: { 200: contactHistorySchema.describe('The audit trail, oldest first') },
      },
    },
    async (request) => app.contacts.history(currentUser(request), request.params.id),
  );

  server.get(
    '/api/lists',
    {
      onRequest: signedIn,
      schema: {
        operationId: 'listContactLists',
        tags,
        summary: 'The contact lists I may open: my own, or all as an administrator',
        response: { 200: z.array(contactListSchema).describe('The contact lists') },
      },
    },
    async (request) => app.contacts.lists(currentUser(request)),
  );

  server.get(
    '/api/lists/:id/contacts',
    {
      onRequest: signedIn,
      schema: {
        operationId: 'listContactListMembers',
        tags,
        summary: 'The members of a contact list that I may see',
        params: contactIdParamsSchema,
        querystring: contactQuerySchema,
        response: { 200: pagedResponse(contactPageSchema, 'One page of the members I may see') },
      },
    },
    async (request, reply) => {
      const page = await app.contacts.listContacts(currentUser(request), request.params.id, request.query);
      return withTotalCount(reply, page.total).send(page);
    },
  );
};
