import { z } from 'zod';
import { identifier, timestamp } from './common.js';

// Definitions

export const createDefinitionBody = z.strictObject({
  name: z.string().min(1).max(100),
  type: z.enum(['rule', 'term']),
  content: z.string().min(1).max(5_000),
  aliases: z.array(z.string().min(1).max(100)).max(20).optional(),
  agent_ids: z.array(identifier).max(100).optional(),
});

export const updateDefinitionBody = createDefinitionBody.partial();

export const definition = z
  .object({
    id: z.string(),
    name: z.string(),
    type: z.enum(['rule', 'term']),
    content: z.string(),
    aliases: z.array(z.string()),
    agent_ids: z.array(z.string()),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ title: 'Definition' });

export const definitionPath = z.strictObject({ id: identifier });
