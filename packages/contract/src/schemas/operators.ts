import { z } from 'zod';
import { timestamp } from './common.js';

// Operators and console sign-in

export const operatorRole = z
  .enum(['owner', 'admin', 'agent'])
  .meta({ description: '`owner`/`admin`: everything; `agent` (support staff): the inbox and conversations' });

/** Between 10 and 200 characters; never stored or logged in clear (scrypt hash only). */
export const password = z
  .string()
  .min(10)
  .max(200)
  .meta({ description: 'At least 10 and at most 200 characters' });

export const email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email())
  .meta({ description: 'Unique, compared without regard to case', example: 'ada@example.com' });

const operatorName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .meta({ description: 'Shown to colleagues, and to visitors beside a person’s replies', example: 'Ada' });

export const operator = z
  .object({
    id: z.string().meta({ example: 'op_V1StGXR8Z5jdHi6BmyTk' }),
    email: z.string(),
    name: z.string(),
    role: operatorRole,
    created_at: timestamp,
  })
  .meta({ title: 'Operator' });

export const consoleStatus = z
  .object({ needs_owner: z.boolean().meta({ description: 'True until the first owner exists' }) })
  .meta({ title: 'ConsoleStatus' });

export const signedIn = z.object({ operator }).meta({ title: 'SignedIn' });

export const signedOut = z.object({ signed_out: z.literal(true) }).meta({ title: 'SignedOut' });

export const setupBody = z.strictObject({
  admin_key: z.string().min(1).max(512).meta({ description: 'The admin secret key printed at first start' }),
  email,
  password,
  name: operatorName,
});

export const signInBody = z.strictObject({
  email: z.string().max(254).meta({ description: 'The operator’s email' }),
  password: z.string().max(200),
});

export const createInviteBody = z.strictObject({ email, role: operatorRole });

export const createdInvite = z
  .object({
    invite_url: z.string().meta({ description: 'The link to send, shown this once' }),
    email: z.string(),
    role: operatorRole,
    expires_at: timestamp,
  })
  .meta({ title: 'CreatedInvite' });

export const inviteDetails = z
  .object({ email: z.string(), role: operatorRole, expires_at: timestamp })
  .meta({ title: 'InviteDetails' });

export const pendingInvite = z
  .object({
    id: z.string().meta({ example: 'inv_V1StGXR8Z5jdHi6BmyTk' }),
    email: z.string(),
    role: operatorRole,
    created_at: timestamp,
    expires_at: timestamp,
  })
  .meta({ title: 'PendingInvite' });

export const inviteIdPath = z.strictObject({ id: z.string().min(1).max(200) });

export const invitePath = z.strictObject({ token: z.string().min(1).max(200) });

export const acceptInviteBody = z.strictObject({ name: operatorName, password });

export const operatorPath = z.strictObject({ id: z.string().min(1).max(200) });

export const updateOperatorBody = z
  .strictObject({ role: operatorRole.optional(), name: operatorName.optional() })
  .refine((body) => body.role !== undefined || body.name !== undefined, 'give role or name');
