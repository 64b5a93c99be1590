import type { OperatorRole } from '@parley/contract';

export type { CreatedInvite, Operator, OperatorRole } from '@parley/contract';

export interface OperatorInviteParams {
  email: string;
  role: OperatorRole;
}

export interface OperatorUpdateParams {
  role?: OperatorRole;
  name?: string;
}
