import { z } from 'zod';
import type { Notification } from '../../jobs/notification-service.js';
import { idValue } from './input-blocks.js';

export const notificationSchema = z.object({
  id: z.number().int(),
  jobId: z.number().int(),
  kind: z.enum(['success', 'error']),
  text: z.string(),
  createdAt: z.string(),
  read: z.boolean(),
  links: z.object({
    job: z.string().describe('the import process'),
    errors: z.string().describe('its error log'),
  }),
}) satisfies z.ZodType<Notification>;

export const markReadBodySchema = z.object({ ids: z.array(idValue) });
