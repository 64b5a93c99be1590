const path = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*$/;

/** Reads a dotted path through own properties only; anything missing is undefined. */
function readPath(context: unknown, dottedPath: string): unknown {
  let current: unknown = context;
  for (const segment of dottedPath.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function display(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

/** What a `{{…}}` of the template renders: the value at its path, or nothing. */
function renderPlaceholder(inside: string, context: unknown): string {
  const trimmed = inside.trim();
  return path.test(trimmed) ? display(readPath(context, trimmed)) : '';
}

/**
 * What a prompt's placeholders read: `{{memory.sessionMeta.metadata.userProfile.name}}` reads
 * `sessionMeta.metadata.userProfile.name`. The engine renders agents' prompts and greetings with it;
 * the console's prompt preview renders its sample metadata with it, so the two never differ.
 */
export function promptTemplateContext(sessionMeta: unknown): { memory: { sessionMeta: unknown } } {
  return { memory: { sessionMeta } };
}

/**
 * Renders `{{memory.sessionMeta.metadata.userProfile.name}}`-style placeholders.
 * A path that is unknown, or names an object, renders empty; anything else in
 * double braces is removed too. `{{{path}}}` renders like `{{path}}` (values are
 * never escaped, so there is no separate raw form). A `{{` never closed stays as
 * written. Values are inserted verbatim (braces included), never evaluated.
 *
 * One pass over the template only: the cost is the template's length plus the
 * values inserted, whatever the values contain (they come from visitors).
 */
export function renderTemplate(template: string, context: unknown): string {
  const parts: string[] = [];
  let position = 0;
  while (position < template.length) {
    const open = template.indexOf('{{', position);
    if (open === -1) break;
    const triple = template.startsWith('{{{', open);
    const insideStart = open + (triple ? 3 : 2);
    const close = template.indexOf('}}', insideStart);
    if (close === -1) break;
    parts.push(
      template.slice(position, open),
      renderPlaceholder(template.slice(insideStart, close), context),
    );
    position = close + (triple && template[close + 2] === '}' ? 3 : 2);
  }
  parts.push(template.slice(position));
  return parts.join('');
}
