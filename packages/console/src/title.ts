import { strings } from './strings/index.js';

let pageName = '';
let attention = 0;

function write(): void {
  const base = pageName ? `${pageName} · ${strings.shell.consoleName}` : strings.shell.consoleName;
  document.title = attention > 0 ? `(${attention}) ${base}` : base;
}

/** The open page's name, in the tab's title. */
export function setPageTitle(name: string): void {
  pageName = name;
  write();
}

/** How many things wait for a person (conversations that asked for one): `(n)` before the title. */
export function setAttentionCount(count: number): void {
  attention = Math.max(0, Math.floor(count));
  write();
}
