import { z } from 'zod';
import type { AuthenticatedUser } from '../../auth/auth-service.js';
import { privileges } from '../../auth/privileges.js';
import { boundedText, textLimits } from './input-blocks.js';

export const loginBodySchema = z.object({
  userName: boundedText(textLimits.userName).min(1),
  password: boundedText(textLimits.password).min(1),
});

export const currentUserSchema = z.object({
  id: z.number().int(),
  userName: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  isAdmin: z.boolean(),
  privileges: z.array(z.enum(privileges)),
}) satisfies z.ZodType<AuthenticatedUser>;
