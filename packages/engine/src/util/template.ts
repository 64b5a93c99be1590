const placeholder = /\{\{\s*([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*)\s*\}\}/g;
const anyBraces = /\{\{[^}]*\}\}/g;

/** Reads a dotted path through own properties only; anything missing is undefined. */
function readPath(context: unknown, path: string): unknown {
  let current: unknown = context;
  for (const segment of path.split('.')) {
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

/**
 * Renders `{{memory.sessionMeta.metadata.userProfile.name}}`-style placeholders.
 * A path that is unknown, or names an object, renders empty; anything else in
 * double braces is removed too. Values are inserted as plain text, never evaluated.
 */
export function renderTemplate(template: string, context: unknown): string {
  return template
    .replace(placeholder, (_match, path: string) => display(readPath(context, path)))
    .replace(anyBraces, '');
}
