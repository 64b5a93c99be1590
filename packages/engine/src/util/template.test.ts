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

  it('costs the same for 16 KiB of braces in a value as for any other 16 KiB', () => {
    const braces = '{'.repeat(16_000);
    const flood = { memory: { sessionMeta: { metadata: { name: braces, other: `${'{{'.repeat(8_000)}` } } } };
    const template = 'Hi {{memory.sessionMeta.metadata.name}} and {{memory.sessionMeta.metadata.other}}';
    const started = performance.now();
    // The scan of leftover braces once ran over the values: about 0.28 s for each of these renders.
    for (let index = 0; index < 20; index += 1) {
      expect(renderTemplate(template, flood)).toBe(`Hi ${braces} and ${'{{'.repeat(8_000)}`);
    }
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('costs the same for a template full of braces', () => {
    const template = `${'{{'.repeat(20_000)}x${'}'.repeat(3)}${'{{a}'.repeat(10_000)}`;
    const started = performance.now();
    for (let index = 0; index < 20; index += 1) renderTemplate(template, context);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
