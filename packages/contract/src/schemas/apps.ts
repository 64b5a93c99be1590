import { z } from 'zod';
import { identifier, timestamp } from './common.js';

// Apps

const appFields = {
  name: z.string().min(1).max(100),
  agents: z.array(identifier).max(20),
  routing: z.enum(['auto', 'first']),
  session_ttl_seconds: z
    .number()
    .int()
    .min(60)
    .max(30 * 86_400),
  greeting: z.string().max(1_000).nullable(),
  starter_prompts: z.array(z.string().min(1).max(200)).max(10),
};

export const createAppBody = z.strictObject({
  name: appFields.name,
  agents: appFields.agents.optional(),
  routing: appFields.routing.optional(),
  session_ttl_seconds: appFields.session_ttl_seconds.optional(),
  greeting: appFields.greeting.optional(),
  starter_prompts: appFields.starter_prompts.optional(),
});

export const updateAppBody = createAppBody.partial();

export const app = z
  .object({ id: z.string(), ...appFields, created_at: timestamp, updated_at: timestamp })
  .meta({ title: 'App' });
