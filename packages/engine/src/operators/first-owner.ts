import type { EngineContext } from '../context.js';
import { ParleyError } from '../errors.js';
import { emailKey, insertOperator, ownerCount, underAccountLock } from './accounts.js';
import { type OpenedSession, openConsoleSession } from './console-sessions.js';

export interface FirstOwnerInput {
  email: string;
  password: string;
  name: string;
}

const ownerExists = () =>
  new ParleyError(
    'permission_error',
    'The console already has an owner: sign in, or ask an owner for an invite',
    {
      reason: 'owner_exists',
    },
  );

/** Whether the console still waits for its first owner. */
export async function needsOwner(context: EngineContext): Promise<boolean> {
  return (await ownerCount(context)) === 0;
}

/**
 * The first visit's setup (the edge has checked the admin key): makes the first owner and signs
 * them in; refused once any owner exists.
 */
export async function setUpFirstOwner(
  context: EngineContext,
  input: FirstOwnerInput,
): Promise<OpenedSession> {
  const owner = await underAccountLock(context, async () => {
    if (!(await needsOwner(context))) throw ownerExists();
    return insertOperator(context, { ...input, role: 'owner' });
  });
  return openConsoleSession(context, owner);
}

/**
 * `PARLEY_ADMIN_EMAIL` + `PARLEY_ADMIN_PASSWORD` at start: the first owner, made once. Nothing
 * happens when an owner exists or the email is taken; an existing operator is never overwritten.
 */
export async function ensureFirstOwner(
  context: EngineContext,
  input: FirstOwnerInput,
): Promise<'created' | 'exists'> {
  return underAccountLock(context, async () => {
    if (!(await needsOwner(context))) return 'exists';
    if (await context.store.findOne('operators', { email_key: emailKey(input.email) })) return 'exists';
    await insertOperator(context, { ...input, role: 'owner' });
    return 'created';
  });
}
