import { describe, expect, it } from 'vitest';
import { renderTemplate } from './template.js';

const context = {
  memory: {
    sessionMeta: { metadata: { userProfile: { name: 'John', tier: 'premium', visits: 3, vip: false } } },
  },
};

describe('renderTemplate', () => {
  it('renders the seed path', () => {
    expect(renderTemplate('Welcome back, {{memory.sessionMeta.metadata.userProfile.name}}!', context)).toBe(
      'Welcome back, John!',
    );
  });

  it('renders numbers and booleans, tolerates spaces inside the braces', () => {
    expect(
      renderTemplate(
        '{{ memory.sessionMeta.metadata.userProfile.visits }} {{memory.sessionMeta.metadata.userProfile.vip}}',
        context,
      ),
    ).toBe('3 false');
  });

  it('renders unknown paths, objects and prototype paths empty, never raw braces', () => {
    expect(renderTemplate('a{{memory.nothing.here}}b', context)).toBe('ab');
    expect(renderTemplate('a{{memory.sessionMeta}}b', context)).toBe('ab');
    expect(renderTemplate('a{{constructor.name}}{{__proto__}}{{memory.toString}}b', context)).toBe('ab');
    expect(renderTemplate('a{{ 1 + 1 }}{{process.exit()}}b', context)).toBe('ab');
  });

  it('inserts values verbatim, braces and all, without evaluating them again', () => {
    const tricky = {
      memory: {
        sessionMeta: {
          metadata: { name: 'Ann {{memory.sessionMeta.metadata.secret}} {{x}', secret: 'x', brace: '{{{' },
        },
      },
    };
    expect(renderTemplate('Hi {{memory.sessionMeta.metadata.name}}!', tricky)).toBe(
      'Hi Ann {{memory.sessionMeta.metadata.secret}} {{x}!',
    );
    // A value ending in braces does not join the template's next braces into a placeholder.
    expect(
      renderTemplate('{{memory.sessionMeta.metadata.brace}}memory.sessionMeta.metadata.secret}}', tricky),
    ).toBe('{{{memory.sessionMeta.metadata.secret}}');
  });

  it('renders triple braces like double ones (values are never escaped, so there is no raw form)', () => {
    expect(renderTemplate('Hi {{{memory.sessionMeta.metadata.userProfile.name}}}!', context)).toBe(
      'Hi John!',
    );
    expect(renderTemplate('Hi {{{ memory.sessionMeta.metadata.userProfile.tier }}}.', context)).toBe(
      'Hi premium.',
    );
    expect(renderTemplate('a{{{memory.unknown}}}b{{{raw}}}c', context)).toBe('abc');
  });

  it('keeps text that only looks like braces: single braces, and a {{ never closed', () => {
    expect(renderTemplate('{"a": {"b": 1}} {x}', context)).toBe('{"a": {"b": 1}} {x}');
    expect(renderTemplate('Hello {{memory.sessionMeta.metadata.userProfile.name', context)).toBe(
      'Hello {{memory.sessionMeta.metadata.userProfile.name',
    );
  });

  // What these cost per render is measured by `npx tsx bench/template-render.ts` (a timed test fails
  // on a busy machine): once the renderer scanned its output again, ~0.28 s a render for the first.
  it('inserts 16 KiB of braces from a visitor verbatim, closing braces included', () => {
    const braces = `${'{'.repeat(16_000)}}}`;
    const flood = { memory: { sessionMeta: { metadata: { name: braces, other: `${'{{'.repeat(8_000)}` } } } };
    const template = 'Hi {{memory.sessionMeta.metadata.name}} and {{memory.sessionMeta.metadata.other}}';
    expect(renderTemplate(template, flood)).toBe(`Hi ${braces} and ${'{{'.repeat(8_000)}`);
  });

  it('renders a template full of braces in one pass: what is not a path inside {{…}} is removed', () => {
    const template = `${'{{'.repeat(20_000)}x${'}'.repeat(3)}${'{{a}'.repeat(10_000)}`;
    expect(renderTemplate(template, context)).toBe('{{a}'.repeat(10_000));
  });
});
