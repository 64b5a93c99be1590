import { describe, expect, it } from 'vitest';
import { routes } from '../packages/server/src/http/routes/index.js';

describe('the API routes', () => {
  it('serve each method and path once: a second route there would never be reached', () => {
    const seen = routes.map((route) => `${route.method.toUpperCase()} ${route.path}`);
    const twice = seen.filter((key, index) => seen.indexOf(key) !== index);
    expect(twice).toEqual([]);
  });
});
