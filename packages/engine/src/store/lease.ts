import type { LeaseRecord } from '../types.js';
import { expectRecord, put, remove, type Store, WriteConflictError } from './store.js';

/**
 * Takes the lease `name` for `holder` until `now + durationMs`, or renews it when `holder` has it:
 * true when `holder` holds it now. A lease held by someone else and not yet expired is refused (false).
 * Built on the store's `expect` guard, so it holds across processes on a shared store: of claimers
 * racing for a free lease exactly one gets it.
 */
export async function claimLease(
  store: Store,
  lease: { name: string; holder: string; durationMs: number },
  now: Date,
): Promise<boolean> {
  const current = await store.get('leases', lease.name);
  if (current && current.holder !== lease.holder && Date.parse(current.expires_at) > now.getTime())
    return false;
  const claimed: LeaseRecord = {
    id: lease.name,
    holder: lease.holder,
    expires_at: new Date(now.getTime() + lease.durationMs).toISOString(),
  };
  try {
    await store.write([expectRecord('leases', lease.name, current), put('leases', claimed)]);
    return true;
  } catch (error) {
    if (error instanceof WriteConflictError) return false;
    throw error;
  }
}

/** Gives the lease back if `holder` still has it (a lease taken over meanwhile is left alone). */
export async function releaseLease(store: Store, lease: { name: string; holder: string }): Promise<void> {
  const current = await store.get('leases', lease.name);
  if (current?.holder !== lease.holder) return;
  try {
    await store.write([expectRecord('leases', lease.name, current), remove('leases', lease.name)]);
  } catch (error) {
    if (!(error instanceof WriteConflictError)) throw error;
  }
}
