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

  it('inserts values as text without evaluating them again', () => {
    const tricky = {
      memory: { sessionMeta: { metadata: { name: '{{memory.sessionMeta.metadata.secret}}', secret: 'x' } } },
    };
    expect(renderTemplate('{{memory.sessionMeta.metadata.name}}', tricky)).toBe('');
  });
});
