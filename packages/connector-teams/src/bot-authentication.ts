import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';

/** The caller id of activities from the public Azure cloud (botframework-schema's `CallerIdConstants`). */
const publicAzureChannel = 'urn:botframework:azure';

/** The bot's Azure registration (`MICROSOFT_APP_*`). */
export interface TeamsCredentials {
  /** The Microsoft App ID: with it, every request must carry a valid Bot Framework token. */
  appId?: string | undefined;
  appPassword?: string | undefined;
  /** Set for a single-tenant bot registration; absent for multi-tenant. */
  tenantId?: string | undefined;
  /**
   * Where the Bot Framework publishes the keys its tokens are signed with; the public cloud's
   * when absent (`MICROSOFT_BOT_OPENID_METADATA_URL`, for a sovereign cloud).
   */
  openIdMetadataUrl?: string | undefined;
}

/** A setting the connector cannot start with; the message names the variable to fix. */
export class TeamsSettingsError extends Error {
  readonly code = 'teams_settings';
}

/**
 * Bot Framework authentication from the bot's registration: inbound requests must carry
 * a token signed by the Bot Framework for this app id, and outbound calls get tokens for
 * it (single-tenant when a tenant is set, else multi-tenant). Without an app id both are
 * off: only for local use with the Bot Framework Emulator.
 */
export function botAuthentication(credentials: TeamsCredentials): ConfigurationBotFrameworkAuthentication {
  const appId = credentials.appId?.trim();
  if (!appId) return new ConfigurationBotFrameworkAuthentication({});
  if (!credentials.appPassword?.trim())
    throw new TeamsSettingsError(
      'MICROSOFT_APP_PASSWORD is required with MICROSOFT_APP_ID (the client secret of the bot’s app registration)',
    );
  const tenantId = credentials.tenantId?.trim();
  const openIdMetadataUrl = credentials.openIdMetadataUrl?.trim();
  return new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: appId,
    MicrosoftAppPassword: credentials.appPassword,
    MicrosoftAppType: tenantId ? 'SingleTenant' : 'MultiTenant',
    ...(tenantId ? { MicrosoftAppTenantId: tenantId } : {}),
    // One address set means every address is read from here: the public cloud's, but for the keys.
    ...(openIdMetadataUrl
      ? {
          ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
          ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
          ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
          OAuthUrl: AuthenticationConstants.OAuthUrl,
          ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
          ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
          CallerId: publicAzureChannel,
        }
      : {}),
  });
}
