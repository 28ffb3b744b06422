/**
 * The OpenAPI document's frame: what the API is, where it answers, how one signs in, and the
 * tags that group its operations. The operations come from the routes (describe-route.ts).
 */
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { z } from 'zod';
import { sessionCookieName } from '../authenticate.js';
import { apiErrorSchema } from '../schemas/api-error.schema.js';
import { describeRoute } from './describe-route.js';

/** The tags routes use; each operation names one of them in `tags`. */
export const apiTags = {
  session: 'Session',
  imports: 'Imports',
  review: 'Review',
  importFlow: 'Import flow',
  notifications: 'Notifications',
  users: 'Users',
  contacts: 'Contacts',
  teams: 'Teams',
  mapping: 'Mapping tool',
} as const;

const tagDescriptions: Record<(typeof apiTags)[keyof typeof apiTags], string> = {
  Session: 'Signing in and out with a session cookie, and who is signed in',
  Imports: 'Import Processes: upload a package, the list, one process, its error log and error file',
  Review: 'Review Staged Data and Review Match Results: the staged contacts of an import and the decisions',
  'Import flow':
    'Moving a reviewed import on (Match, Process, Complete Import), Undo, and the completion report',
  Notifications: "The signed-in user's notifications, listed or streamed",
  Users: 'The users one may see, and their target definition files',
  Contacts: 'Contacts and contact lists, only those the signed-in user may see',
  Teams: "Teams, whose members see each other's contacts",
  'Mapping tool': 'The Data Mapping Tool: upload CSVs for suggestions, check a mapping, build the package',
};

export function apiDocumentOptions(): FastifyDynamicSwaggerOptions {
  return {
    openapi: {
      info: {
        title: 'Dovetail',
        description:
          'Contact package import. Every error answers `{"error": {"code", "message", "details"?}}` with the code that names it.',
        version: '0.1.0',
        license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
      },
      // Relative: the API answers on the same origin as this document (and the web UI).
      servers: [{ url: '/', description: 'The Dovetail server that serves this document' }],
      tags: Object.entries(tagDescriptions).map(([name, description]) => ({ name, description })),
      components: {
        schemas: {
          ApiError: z.toJSONSchema(apiErrorSchema, { target: 'openapi-3.0' }) as Record<string, unknown>,
        },
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: sessionCookieName },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: describeRoute,
  };
}
