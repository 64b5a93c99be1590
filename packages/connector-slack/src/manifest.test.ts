import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { slackAppManifest } from './manifest.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const manifest = JSON.parse(readFileSync(path.join(here, '../manifest/slack-app-manifest.json'), 'utf8'));

/** The bot scope each event subscription needs (Slack's Events API reference). */
const scopeOfEvent: Record<string, string | null> = {
  app_mention: 'app_mentions:read',
  assistant_thread_started: 'assistant:write',
  // Told to every app, no scope needed: an uninstall and revoked tokens forget the workspace.
  app_uninstalled: null,
  tokens_revoked: null,
  'message.channels': 'channels:history',
  'message.groups': 'groups:history',
  'message.im': 'im:history',
  'message.mpim': 'mpim:history',
};

/** The bot scope each Web API method the connector calls needs (Slack's method reference). */
const scopeOfMethod: Record<string, string | null> = {
  'auth.test': null,
  'chat.postMessage': 'chat:write',
  'chat.update': 'chat:write',
  'chat.delete': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'chat.startStream': 'chat:write',
  'chat.appendStream': 'chat:write',
  'chat.stopStream': 'chat:write',
  'assistant.threads.setStatus': 'assistant:write',
  'assistant.threads.setTitle': 'assistant:write',
  'assistant.threads.setSuggestedPrompts': 'assistant:write',
  'users.info': 'users:read',
};

/** The Web API methods the connector's code calls (`this.client.chat.update(…)`, `client.auth.test()`). */
function methodsCalled(): string[] {
  const called = new Set<string>();
  for (const file of readdirSync(here)) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
    const source = readFileSync(path.join(here, file), 'utf8').replace(/\s*\n\s*\./g, '.');
    for (const match of source.matchAll(/\bclient\.([a-z]+)\.([a-zA-Z]+)(?:\.([a-zA-Z]+))?\(/g))
      called.add(match.slice(1).filter(Boolean).join('.'));
  }
  return [...called].sort();
}

describe('the Slack app manifest', () => {
  it('has the keys Slack’s manifest schema requires, within its limits', () => {
    expect(manifest._metadata).toEqual({ major_version: 1, minor_version: 1 });
    const display = manifest.display_information;
    expect(typeof display.name).toBe('string');
    expect(display.name.length).toBeGreaterThan(0);
    expect(display.name.length).toBeLessThanOrEqual(35);
    expect(display.description.length).toBeLessThanOrEqual(140);
    expect(display.long_description.length).toBeGreaterThanOrEqual(175);
    expect(display.long_description.length).toBeLessThanOrEqual(4_000);
    expect(display.background_color).toMatch(/^#[0-9a-fA-F]{6}$/);
    expect(manifest.features.bot_user.display_name.length).toBeGreaterThan(0);
    expect(manifest.features.bot_user.display_name.length).toBeLessThanOrEqual(80);
    // The Agents & AI Apps split pane: conversations are its DM's threads.
    expect(manifest.features.assistant_view.assistant_description.length).toBeGreaterThan(0);
    // People can write to the bot in its Messages tab (DMs).
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_read_only_enabled).toBe(false);
    const allowed = [
      '_metadata',
      'display_information',
      'features',
      'oauth_config',
      'settings',
      'functions',
      'workflows',
      'outgoing_domains',
      'types',
      'datastores',
      'metadata_events',
      'app_directory',
      'external_auth_providers',
      'compliance',
    ];
    for (const key of Object.keys(manifest)) expect(allowed).toContain(key);
  });

  it('asks for the scope of every event it subscribes to, and only for scopes it uses', () => {
    const scopes: string[] = manifest.oauth_config.scopes.bot;
    expect(new Set(scopes).size).toBe(scopes.length);
    const events: string[] = manifest.settings.event_subscriptions.bot_events;
    expect(events.sort()).toEqual([
      'app_mention',
      'app_uninstalled',
      'assistant_thread_started',
      'message.channels',
      'message.groups',
      'message.im',
      'tokens_revoked',
    ]);
    const needed = new Set<string>(['im:read']);
    for (const event of events) {
      const scope = scopeOfEvent[event];
      expect(scope, `the scope of ${event}`).toBeDefined();
      if (scope) needed.add(scope);
    }
    for (const method of methodsCalled()) {
      expect(Object.keys(scopeOfMethod), `the scope of ${method}`).toContain(method);
      const scope = scopeOfMethod[method];
      if (scope) needed.add(scope);
    }
    expect(methodsCalled()).toEqual([
      'assistant.threads.setStatus',
      'assistant.threads.setSuggestedPrompts',
      'assistant.threads.setTitle',
      'auth.test',
      'chat.appendStream',
      'chat.delete',
      'chat.postEphemeral',
      'chat.postMessage',
      'chat.startStream',
      'chat.stopStream',
      'chat.update',
      'users.info',
    ]);
    expect(scopes.sort()).toEqual([...needed].sort());
  });

  it('sends events and button presses to /slack/events over HTTPS, Socket Mode off', () => {
    const { event_subscriptions: events, interactivity } = manifest.settings;
    for (const url of [events.request_url, interactivity.request_url]) {
      expect(url).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
    }
    expect(interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(manifest.settings.org_deploy_enabled).toBe(false);
  });

  it('sends "Add to Slack" back to /slack/oauth_redirect on the public URL', () => {
    expect(manifest.oauth_config.redirect_urls).toEqual(['https://parley.example.com/slack/oauth_redirect']);
    const served = JSON.parse(slackAppManifest('https://chat.acme.example/'));
    expect(served.oauth_config.redirect_urls).toEqual(['https://chat.acme.example/slack/oauth_redirect']);
  });
});
