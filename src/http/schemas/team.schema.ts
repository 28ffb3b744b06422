import { z } from 'zod';
import type { Team, UserListEntry } from '../../teams/team-service.js';

export const teamSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  createdAt: z.string(),
  members: z.array(z.string()).describe('user names'),
}) satisfies z.ZodType<Team>;

export const newTeamSchema = z.object({ name: z.string().min(1) });

export const teamMemberParamsSchema = z.object({
  id: z.coerce.number().int().positive(),
  userName: z.string().min(1),
});

export const userListEntrySchema = z.object({
  id: z.number().int(),
  userName: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  isAdmin: z.boolean(),
}) satisfies z.ZodType<UserListEntry>;
