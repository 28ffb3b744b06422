import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticatedUser, AuthService } from '../auth/auth-service.js';
import type { Privilege } from '../auth/privileges.js';
import { DovetailError } from '../errors/dovetail-error.js';
import { declareAccess } from './openapi/route-access.js';

export const sessionCookieName = 'dovetail_session';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authenticate hook on every route that needs a signed-in user. */
    user?: AuthenticatedUser;
  }
}

/**
 * The onRequest hook of protected routes: a session cookie or `Authorization: Bearer <token>`
 * identifies the user (401 without), and the privilege, when given, must be theirs (403).
 * It runs before the body is read and validated, so an anonymous request learns nothing about
 * what it sent: 401 first, whatever the body.
 */
export function authenticate(auth: AuthService, privilege?: Privilege) {
  // Marked so the OpenAPI document derives 401 and 403 from the route (see route-access.ts).
  return declareAccess(signIn(auth, privilege), privilege ? { privilege } : {});
}

function signIn(auth: AuthService, privilege?: Privilege) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const user = await identify(auth, request);
    if (!user)
      throw new DovetailError('NOT_AUTHENTICATED', 'Sign in (POST /api/session) or send a Bearer token');
    if (privilege) auth.require(user, privilege);
    request.user = user;
  };
}

async function identify(auth: AuthService, request: FastifyRequest): Promise<AuthenticatedUser | undefined> {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return auth.resolveApiToken(header.slice('Bearer '.length).trim());
  const sessionId = request.cookies[sessionCookieName];
  return sessionId ? auth.resolveSession(sessionId) : undefined;
}

/** The signed-in user of a route behind authenticate(). */
export function currentUser(request: FastifyRequest): AuthenticatedUser {
  if (!request.user) throw new DovetailError('NOT_AUTHENTICATED', 'Not signed in');
  return request.user;
}
