import type { TeamsUser } from './bot-framework-driver.js';

/** A Teams user and fresh personal conversations, for the Teams tests. */

export const dana: TeamsUser = { aadObjectId: 'aad-0000-dana', name: 'Dana Scully' };
export let counter = 0;
export const personal = () => ({ id: `a:teams-${++counter}`, conversationType: 'personal' as const });
