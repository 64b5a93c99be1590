import type { OperatorRole } from '../../session.js';
import { strings } from '../../strings/index.js';

export const roleNames: Record<OperatorRole, string> = {
  owner: strings.account.roleOwner,
  admin: strings.account.roleAdmin,
  agent: strings.account.roleAgent,
};
