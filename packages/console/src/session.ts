import { api } from './api.js';

/** Console roles: `owner` and `admin` run everything; `agent` (support staff) the inbox and conversations. */
export type OperatorRole = 'owner' | 'admin' | 'agent';

/** The person signed in. */
export interface Operator {
  id: string;
  email: string;
  name: string;
  role: OperatorRole;
}

export const everyRole: readonly OperatorRole[] = ['owner', 'admin', 'agent'];
export const managers: readonly OperatorRole[] = ['owner', 'admin'];

/** Who is signed in: null when nobody is (the server answered 401). */
export async function currentOperator(): Promise<Operator | null> {
  try {
    return (await api<{ operator: Operator }>('GET', '/v1/console/me')).operator;
  } catch (failure) {
    if ((failure as { status?: number }).status === 401) return null;
    throw failure;
  }
}

/** Whether the server still waits for its first owner (the first visit then asks for the admin key). */
export async function needsOwner(): Promise<boolean> {
  return (await api<{ needs_owner: boolean }>('GET', '/v1/console/status')).needs_owner;
}

/** Fired by a signed-out page (sign in, setup, invite) once a session cookie is set. */
export const signedInEvent = 'console-signed-in';

export function announceSignedIn(from: HTMLElement, operator: Operator): void {
  from.dispatchEvent(new CustomEvent(signedInEvent, { detail: operator, bubbles: true, composed: true }));
}
