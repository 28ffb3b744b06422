import { z } from 'zod';
import type { Team, UserListEntry } from '../../teams/team-service.js';
import { boundedText, idParam, textLimits } from './input-blocks.js';

/** A user name in a path or body. */
export const userNameSchema = boundedText(textLimits.userName).min(1);

export const userNameParamsSchema = z.object({ userName: userNameSchema });

export const teamSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  createdAt: z.string(),
  members: z.array(z.string()).describe('user names'),
}) satisfies z.ZodType<Team>;

export const newTeamSchema = z.object({ name: boundedText(textLimits.teamName).min(1) });

export const teamMemberParamsSchema = z.object({
  id: idParam,
  userName: userNameSchema,
});

export const userListEntrySchema = z.object({
  id: z.number().int(),
  userName: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  isAdmin: z.boolean(),
}) satisfies z.ZodType<UserListEntry>;
