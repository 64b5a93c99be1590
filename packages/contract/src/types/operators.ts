/** Console roles: `owner` and `admin` may do everything; `agent` (support staff) the inbox and conversations. */
export type OperatorRole = 'owner' | 'admin' | 'agent';

/** A person who signs in to the console. Never carries the password or its hash. */
export interface Operator {
  id: string;
  email: string;
  name: string;
  role: OperatorRole;
  created_at: string;
}

/** `GET /v1/console/status`: whether the console still waits for its first owner. */
export interface ConsoleStatus {
  needs_owner: boolean;
}

/** What setup, sign-in, invite acceptance and `GET /v1/console/me` answer. */
export interface SignedIn {
  operator: Operator;
}

/** `POST /v1/console/sign-out` and `…/sign-out-everywhere`. */
export interface SignedOut {
  signed_out: true;
}

/** `POST /v1/operators/invites`: the link is shown this once; only its hash is kept. */
export interface CreatedInvite {
  invite_url: string;
  email: string;
  role: OperatorRole;
  expires_at: string;
}

/** `GET /v1/console/invites/:token`: what the invite offers, for the acceptance page. */
export interface InviteDetails {
  email: string;
  role: OperatorRole;
  expires_at: string;
}

/** An invite not yet accepted, in `GET /v1/operators/invites` (its link is never shown again). */
export interface PendingInvite {
  id: string;
  email: string;
  role: OperatorRole;
  created_at: string;
  expires_at: string;
}
