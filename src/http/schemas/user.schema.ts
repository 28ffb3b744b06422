import { z } from 'zod';
import type { UserSummary } from '../../auth/auth-service.js';

export const userSummarySchema = z.object({
  userName: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  isAdmin: z.boolean(),
}) satisfies z.ZodType<UserSummary>;
