import { everyRole, managers, type OperatorRole } from '../session.js';
import { strings } from '../strings/index.js';

/**
 * Every page of the console, in navigation order. A page is a custom element in its own folder
 * (`pages/<area>/`), loaded when first opened. It receives `operator` (who is signed in) and `rest`
 * (the path segments after its own `path`, e.g. an agent id).
 */
export interface PageEntry {
  /** Its path under `/console/`: one or more segments (`inbox`, `deploy/api-keys`). */
  path: string;
  /** Its name, in the navigation (when `inNavigation`) and in the tab's title. */
  label: string;
  /** Under which heading of the navigation it is listed (e.g. `Deploy`), if any. */
  group?: string;
  inNavigation: boolean;
  /** Who may open it; `signed-out` pages (sign in, first owner, invites) are shown without a session. */
  access: readonly OperatorRole[] | 'signed-out';
  tag: string;
  load: () => Promise<unknown>;
}

export const pages: PageEntry[] = [
  {
    path: 'home',
    label: strings.shell.home,
    inNavigation: true,
    access: everyRole,
    tag: 'console-home-page',
    load: () => import('./home/home-page.js'),
  },
  {
    path: 'inbox',
    label: strings.inbox.title,
    inNavigation: true,
    access: everyRole,
    tag: 'console-inbox-page',
    load: () => import('./inbox/inbox-page.js'),
  },
  {
    path: 'conversations',
    label: strings.conversations.label,
    inNavigation: true,
    access: everyRole,
    tag: 'console-conversations-page',
    load: () => import('./conversations/conversations-page.js'),
  },
  {
    path: 'agents',
    label: strings.agents.label,
    inNavigation: true,
    access: managers,
    tag: 'console-agents-page',
    load: () => import('./agents/agents-page.js'),
  },
  {
    path: 'knowledge',
    label: strings.knowledge.label,
    inNavigation: true,
    access: managers,
    tag: 'console-knowledge-page',
    load: () => import('./knowledge/knowledge-page.js'),
  },
  {
    path: 'apps',
    label: strings.apps.label,
    inNavigation: true,
    access: managers,
    tag: 'console-apps-page',
    load: () => import('./apps/apps-page.js'),
  },
  {
    path: 'analytics',
    label: strings.analytics.label,
    inNavigation: true,
    access: managers,
    tag: 'console-analytics-page',
    load: () => import('./analytics/analytics-page.js'),
  },
  {
    path: 'deploy/api-keys',
    label: strings.keys.label,
    group: strings.shell.deploy,
    inNavigation: true,
    access: managers,
    tag: 'console-keys-page',
    load: () => import('./keys/keys-page.js'),
  },
  {
    path: 'deploy/webhooks',
    label: strings.webhooks.label,
    group: strings.shell.deploy,
    inNavigation: true,
    access: managers,
    tag: 'console-webhooks-page',
    load: () => import('./webhooks/webhooks-page.js'),
  },
  {
    path: 'deploy/channels',
    label: strings.channels.label,
    group: strings.shell.deploy,
    inNavigation: true,
    access: managers,
    tag: 'console-channels-page',
    load: () => import('./channels/channels-page.js'),
  },
  {
    path: 'team',
    label: strings.account.teamTitle,
    inNavigation: true,
    access: managers,
    tag: 'console-team-page',
    load: () => import('./team/team-page.js'),
  },
  {
    path: 'sign-in',
    label: strings.account.signIn,
    inNavigation: false,
    access: 'signed-out',
    tag: 'console-sign-in-page',
    load: () => import('./account/sign-in-page.js'),
  },
  {
    path: 'setup',
    label: strings.account.setupTitle,
    inNavigation: false,
    access: 'signed-out',
    tag: 'console-setup-page',
    load: () => import('./account/setup-page.js'),
  },
  {
    path: 'invite',
    label: strings.account.inviteTitle,
    inNavigation: false,
    access: 'signed-out',
    tag: 'console-invite-page',
    load: () => import('./account/invite-page.js'),
  },
];

/** The page a path opens, by its longest matching prefix, with the segments left over. */
export function pageFor(path: string): { page: PageEntry; rest: string[] } | null {
  const segments = path.split('/').filter((segment) => segment.length > 0);
  let best: { page: PageEntry; rest: string[] } | null = null;
  for (const page of pages) {
    const own = page.path.split('/');
    const matches = own.every((segment, index) => segments[index] === segment);
    if (matches && (!best || own.length > best.page.path.split('/').length))
      best = { page, rest: segments.slice(own.length) };
  }
  return best;
}

/** Whether an operator of this role may open the page. */
export function mayOpen(page: PageEntry, role: OperatorRole): boolean {
  return page.access !== 'signed-out' && page.access.includes(role);
}

/** The signed-out page registered at a path (`sign-in`, `setup`), if any. */
export function signedOutPage(path: string): PageEntry | undefined {
  return pages.find((page) => page.access === 'signed-out' && page.path === path);
}
