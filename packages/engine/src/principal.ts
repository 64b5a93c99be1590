import type { OperatorRole } from '@parley/contract';
import { permissionDenied } from './errors.js';
import type { AppRecord, Plan, RateLimit } from './types.js';

/** Console roles (the contract's): `owner` and `admin` may do everything; `agent` (support staff) the inbox and conversations. */
export type { OperatorRole };

/** A person signed in to the console, behind a `secret` principal. */
export interface OperatorIdentity {
  id: string;
  name: string;
  email: string;
  role: OperatorRole;
}

/**
 * Who is calling, as established from the bearer credential (or the console's session cookie: a
 * signed-in operator is a `secret` principal with `operator` set; the HTTP and socket edges refuse an
 * `agent`-role operator everything but the routes open to operators).
 */
export type Principal =
  | { kind: 'secret'; id: string; plan: Plan; rateLimit: RateLimit; operator?: OperatorIdentity }
  | {
      kind: 'publishable';
      id: string;
      plan: Plan;
      rateLimit: RateLimit;
      appId: string | null;
      agentId: string | null;
      allowedOrigins: string[];
    }
  | {
      kind: 'share';
      id: string;
      plan: Plan;
      rateLimit: RateLimit;
      agentId: string;
      allowConversations: boolean;
    };

/** True for a console operator whose role is `agent` (support staff): the inbox and conversations only. */
export function isSupportAgent(principal: Principal): boolean {
  return principal.kind === 'secret' && principal.operator?.role === 'agent';
}

export function requireSecret(principal: Principal): void {
  if (principal.kind !== 'secret') {
    throw permissionDenied('This call needs a secret key (sk_…)', { credential: principal.kind });
  }
}

/** Secret keys reach every app; a publishable key only the app it is bound to. */
export function requireAppAccess(principal: Principal, appId: string): void {
  if (principal.kind === 'secret') return;
  if (principal.kind === 'publishable' && principal.appId === appId) return;
  throw permissionDenied('This credential is not allowed to use this app', { app_id: appId });
}

/** A publishable key reaches its agent, or the agents of its app; a share token its agent. */
export function requireAgentAccess(principal: Principal, agentId: string, appsOfKey: AppRecord | null): void {
  if (principal.kind === 'secret') return;
  if (principal.agentId === agentId) return;
  if (principal.kind === 'publishable' && appsOfKey?.agents.includes(agentId)) return;
  throw permissionDenied('This credential is not allowed to use this agent', { agent_id: agentId });
}

/** Only the browser origins a publishable key lists may use it; `*` allows any. */
export function originAllowed(principal: Principal, origin: string | undefined): boolean {
  if (principal.kind !== 'publishable' || origin === undefined) return true;
  return principal.allowedOrigins.includes('*') || principal.allowedOrigins.includes(origin);
}
