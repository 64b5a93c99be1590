import type { Operator, OperatorRole } from '@parley/contract';
import type { EngineContext } from '../context.js';
import { invalidRequest, notFound, ParleyError, permissionDenied } from '../errors.js';
import type { Principal } from '../principal.js';
import { put, remove, removeWhere } from '../store/store.js';
import type { OperatorRecord } from '../types.js';
import { toIso } from '../util/clock.js';
import { newId } from '../util/ids.js';
import { KeyedMutex } from '../util/keyed-mutex.js';
import { type ListParameters, toListResponse } from '../util/pagination.js';
import { hashPassword, passwordRule } from '../util/password.js';

export interface NewOperator {
  email: string;
  name: string;
  password: string;
  role: OperatorRole;
}

export function presentOperator(record: OperatorRecord): Operator {
  return {
    id: record.id,
    email: record.email,
    name: record.name,
    role: record.role,
    created_at: record.created_at,
  };
}

/** Emails are unique without regard to case. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

/** Changes to who is an owner run one at a time, so two removals cannot leave none. */
const accountLocks = new WeakMap<EngineContext, KeyedMutex>();
export function underAccountLock<T>(context: EngineContext, task: () => Promise<T>): Promise<T> {
  let mutex = accountLocks.get(context);
  if (!mutex) {
    mutex = new KeyedMutex();
    accountLocks.set(context, mutex);
  }
  return mutex.run('operators', task);
}

export function checkPassword(password: string): void {
  if (password.length < passwordRule.minimumLength)
    throw invalidRequest('password', `must be at least ${passwordRule.minimumLength} characters`);
  if (password.length > passwordRule.maximumLength)
    throw invalidRequest('password', `must be at most ${passwordRule.maximumLength} characters`);
}

export async function ownerCount(context: EngineContext): Promise<number> {
  const operators = await context.store.all('operators');
  return operators.filter((operator) => operator.role === 'owner').length;
}

/** Stores a new operator (the caller holds the account lock); its email must be free. */
export async function insertOperator(context: EngineContext, input: NewOperator): Promise<OperatorRecord> {
  checkPassword(input.password);
  const key = emailKey(input.email);
  if (await context.store.findOne('operators', { email_key: key }))
    throw new ParleyError('invalid_request', 'An operator with this email already exists', {
      field: 'email',
      problem: 'is already taken',
      reason: 'email_taken',
    });
  const now = toIso(context.clock.now());
  const record: OperatorRecord = {
    id: newId('op'),
    email: input.email.trim(),
    email_key: key,
    name: input.name.trim(),
    role: input.role,
    password_hash: await hashPassword(input.password),
    sessions_valid_after: now,
    created_at: now,
    updated_at: now,
  };
  await context.store.write([put('operators', record)]);
  return record;
}

export async function listOperators(context: EngineContext, parameters: ListParameters) {
  const page = await context.store.list('operators', { ...parameters, order: 'asc' });
  return toListResponse(page, presentOperator);
}

/** The role an actor acts with: a secret key (no operator) acts as an owner. */
export function actingRole(actor: Principal): OperatorRole {
  if (actor.kind !== 'secret')
    throw permissionDenied('This call needs a secret key or a console owner or admin');
  return actor.operator?.role ?? 'owner';
}

/** Only owners (and secret keys) make, change or remove owners. */
export function requireMayTouch(actor: Principal, roles: OperatorRole[]): void {
  if (actingRole(actor) === 'agent') throw permissionDenied('Support staff may not manage the team');
  if (roles.includes('owner') && actingRole(actor) !== 'owner')
    throw permissionDenied('Only an owner may make, change or remove an owner', { role: 'owner' });
}

async function getRecord(context: EngineContext, operatorId: string): Promise<OperatorRecord> {
  const record = await context.store.get('operators', operatorId);
  if (!record) throw notFound('Operator', 'operator_id', operatorId);
  return record;
}

function lastOwner(operatorId: string): ParleyError {
  return new ParleyError(
    'invalid_request',
    'The last owner cannot be removed or demoted; make another owner first',
    {
      operator_id: operatorId,
      reason: 'last_owner',
    },
  );
}

export async function updateOperator(
  context: EngineContext,
  operatorId: string,
  patch: { role?: OperatorRole; name?: string },
  actor: Principal,
): Promise<Operator> {
  return underAccountLock(context, async () => {
    const record = await getRecord(context, operatorId);
    requireMayTouch(actor, [record.role, ...(patch.role ? [patch.role] : [])]);
    const demotesOwner = record.role === 'owner' && patch.role !== undefined && patch.role !== 'owner';
    if (demotesOwner && (await ownerCount(context)) <= 1) throw lastOwner(operatorId);
    const updated: OperatorRecord = {
      ...record,
      role: patch.role ?? record.role,
      name: patch.name?.trim() ?? record.name,
      updated_at: toIso(context.clock.now()),
    };
    await context.store.write([put('operators', updated)]);
    return presentOperator(updated);
  });
}

/** Removes an operator and every session of theirs: they lose access at once. */
export async function deleteOperator(context: EngineContext, operatorId: string, actor: Principal) {
  return underAccountLock(context, async () => {
    const record = await getRecord(context, operatorId);
    requireMayTouch(actor, [record.role]);
    if (record.role === 'owner' && (await ownerCount(context)) <= 1) throw lastOwner(operatorId);
    await context.store.write([
      removeWhere('console_sessions', { operator_id: operatorId }),
      remove('operators', operatorId),
    ]);
    return { id: operatorId, deleted: true as const };
  });
}
