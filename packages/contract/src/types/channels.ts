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
