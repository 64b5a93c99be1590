import type { AppCreateBody } from '@parley/contract';

export type { App, AppWithIdentitySecret, IdentityVerification, Routing } from '@parley/contract';

export type AppCreateParams = AppCreateBody;

/** Only the fields present are changed. */
export type AppUpdateParams = Partial<AppCreateParams>;
