export type ChannelPlatform = 'slack' | 'teams';

/** An environment variable a platform reads (its value is never shown). */
export interface ChannelSetting {
  variable: string;
  set: boolean;
  required: boolean;
  description: string;
}

/** A chat platform as the running server has it: on or off, which app answers, the last event. */
export interface ChannelStatus {
  platform: ChannelPlatform;
  name: string;
  enabled: boolean;
  mode: 'http' | 'socket_mode' | 'unauthenticated' | null;
  endpoint: string | null;
  app_id: string | null;
  app_name: string | null;
  last_event_at: string | null;
  manifest_url: string;
  manifest_ready: boolean;
  settings: ChannelSetting[];
}

export interface ChannelList {
  data: ChannelStatus[];
}

/** A Slack workspace the app was added to ("Add to Slack"), and the Parley app answering there. */
export interface SlackWorkspace {
  team_id: string;
  team_name: string | null;
  /** The app chosen for the workspace; null: the default (`PARLEY_SLACK_APP_ID`, else the demo app). */
  app_id: string | null;
  /** The app that answers there now (the chosen one, else the default). */
  answering_app_id: string;
  answering_app_name: string | null;
  installed_at: string;
  updated_at: string;
}

export interface SlackWorkspaceList {
  data: SlackWorkspace[];
  /** Where "Add to Slack" starts (`/slack/install`); null while OAuth installs are off. */
  install_url: string | null;
}

export interface SlackWorkspaceUpdateBody {
  /** The Parley app that answers in the workspace; null: the default app. */
  app_id: string | null;
}
