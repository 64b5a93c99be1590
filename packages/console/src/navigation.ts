import { html, nothing, type TemplateResult } from 'lit';
import { mayOpen, type PageEntry, pages } from './pages/registry.js';
import { consoleHref } from './router.js';
import type { Operator } from './session.js';
import { strings } from './strings/index.js';

function link(page: PageEntry, current: PageEntry | null): TemplateResult {
  return html`<li>
    <a href=${consoleHref(page.path)} aria-current=${page === current ? 'page' : nothing}>${page.label}</a>
  </li>`;
}

/** The pages this operator may open, in registry order, grouped under their headings (e.g. Deploy). */
export function renderNavigation(
  operator: Operator,
  current: PageEntry | null,
  open: boolean,
): TemplateResult {
  const visible = pages.filter((page) => page.inNavigation && mayOpen(page, operator.role));
  const items: TemplateResult[] = [];
  const groupsShown = new Set<string>();
  for (const page of visible) {
    if (!page.group) {
      items.push(link(page, current));
      continue;
    }
    if (groupsShown.has(page.group)) continue;
    groupsShown.add(page.group);
    const members = visible.filter((other) => other.group === page.group);
    const headingId = `nav-group-${page.group.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
    items.push(html`<li>
      <span class="group" id=${headingId}>${page.group}</span>
      <ul aria-labelledby=${headingId}>
        ${members.map((member) => link(member, current))}
      </ul>
    </li>`);
  }
  return html`<nav id="console-navigation" aria-label=${strings.shell.mainNavigation} class=${open ? 'open' : ''}>
    <ul>
      ${items}
    </ul>
  </nav>`;
}
