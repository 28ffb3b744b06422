/**
 * What a route's authentication hook demands, readable from the route itself: the OpenAPI
 * document derives 401 and 403 from it (describe-route.ts), so a route cannot forget them.
 */
import type { Privilege } from '../../auth/privileges.js';

export interface RouteAccess {
  /** The privilege the signed-in user must hold (403 without); none: any signed-in user. */
  privilege?: Privilege;
}

const accessOfHook = new WeakMap<object, RouteAccess>();

/**
 * Marks a hook as the one that signs the user in, with what it demands.
 *
 * @example return declareAccess(async (request) => { … }, { privilege: 'ImportProcessView' })
 */
export function declareAccess<Hook extends object>(hook: Hook, access: RouteAccess): Hook {
  accessOfHook.set(hook, access);
  return hook;
}

type Hooks = unknown;

/** The access a route's hooks demand, whichever hook slot holds the marked one; none: open route. */
export function accessOf(route: {
  onRequest?: Hooks;
  preParsing?: Hooks;
  preValidation?: Hooks;
  preHandler?: Hooks;
}): RouteAccess | undefined {
  for (const slot of [route.onRequest, route.preParsing, route.preValidation, route.preHandler]) {
    for (const hook of Array.isArray(slot) ? slot : [slot]) {
      const access = typeof hook === 'function' ? accessOfHook.get(hook) : undefined;
      if (access) return access;
    }
  }
  return undefined;
}
