import { z } from 'zod';
import type { AuthenticatedUser } from '../../auth/auth-service.js';
import { privileges } from '../../auth/privileges.js';

export const loginBodySchema = z.object({ userName: z.string().min(1), password: z.string().min(1) });

export const currentUserSchema = z.object({
  id: z.number().int(),
  userName: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  isAdmin: z.boolean(),
  privileges: z.array(z.enum(privileges)),
}) satisfies z.ZodType<AuthenticatedUser>;
