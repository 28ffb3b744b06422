/**
 * Paged lists answer one page and say, in X-Total-Count, how many items all pages hold together,
 * so a client can draw its pager from the headers whatever the body's shape. Every paged route
 * declares the header with pagedResponse() and sends it with withTotalCount().
 */
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';

export const totalCountHeader = 'X-Total-Count';

/**
 * The 200 schema of a paged list, with X-Total-Count declared in the OpenAPI document. The
 * declaration travels as the schema's `headers` metadata: zod copies metadata into the JSON
 * Schema it generates and @fastify/swagger turns a response schema's `headers` into the
 * response's headers (fastify-type-provider-zod has no other way to declare them).
 *
 * @example response: { 200: pagedResponse(z.array(importJobSchema), 'One page of import processes') }
 */
export function pagedResponse<Body extends z.ZodType>(body: Body, description: string): Body {
  return body.meta({
    description,
    headers: {
      [totalCountHeader]: {
        type: 'integer',
        minimum: 0,
        description: 'every item the filters find, on all pages',
      },
    },
  });
}

/**
 * The reply with X-Total-Count set.
 *
 * @example return withTotalCount(reply, page.total).send(page)
 */
export function withTotalCount<Reply extends Pick<FastifyReply, 'header'>>(
  reply: Reply,
  total: number,
): Reply {
  reply.header(totalCountHeader, String(total));
  return reply;
}
