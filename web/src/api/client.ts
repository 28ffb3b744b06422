import createClient from 'openapi-fetch';
import type { paths } from './schema';

/** The typed client of the Dovetail API (same origin: the UI is served by `dovetail serve`). */
export const api = createClient<paths>({ baseUrl: '' });

export type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

export type CurrentUser = Json<paths['/api/me']['get']['responses'][200]>;
export type ImportJob = Json<paths['/api/imports/{id}']['get']['responses'][200]>;
export type ImportListQuery = NonNullable<paths['/api/imports']['get']['parameters']['query']>;
export type ErrorLog = Json<paths['/api/imports/{id}/errors']['get']['responses'][200]>;
export type Notification = Json<paths['/api/notifications']['get']['responses'][200]>[number];
export type UserSummary = Json<paths['/api/users']['get']['responses'][200]>[number];
export type ImportStage = ImportJob['stage'];
export type ImportStatus = ImportJob['status'];

/** An answer of the API that is not a success, with the server's code and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The error's details, e.g. `unprocessed` of CONFIRMATION_REQUIRED. */
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** The data of an openapi-fetch answer, or an ApiError with what the server said. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok) return result.data as T;
  throw toApiError(result.response.status, result.error);
}

export function toApiError(status: number, body: unknown): ApiError {
  const error = (body as { error?: { code?: string; message?: string; details?: unknown } } | undefined)
    ?.error;
  return new ApiError(
    status,
    error?.code ?? `HTTP_${status}`,
    error?.message ?? `The server answered ${status}`,
    error?.details,
  );
}
