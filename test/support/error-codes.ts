import { errorStatus } from '@parley/contract/errors';

/**
 * The contract's error codes with their HTTP status (shared/CONTRACT.md, "Errors"), from the contract
 * package the server answers with; the tests check the served statuses and bodies against it.
 */
export const statusOfCode: Readonly<Record<string, number>> = errorStatus;
