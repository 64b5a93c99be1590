import type { HttpTool } from '@parley/engine';
import { describe, expect, it } from 'vitest';
import { buildToolRequest } from './build-tool-request.js';

function tool(url: string, method: HttpTool['method']): HttpTool {
  return {
    type: 'http',
    name: 'lookup',
    description: 'Looks up',
    parameters: { type: 'object' },
    url,
    method,
    headers: {},
  };
}

describe('buildToolRequest', () => {
  it('fills path placeholders URL-encoded and puts the other arguments in the query string of a GET', () => {
    const request = buildToolRequest(tool('https://api.example.com/v1/orders/{order_id}?lang=en', 'GET'), {
      order_id: 'A 1/2',
      include: ['items', 'tracking'],
      verbose: true,
      filter: { status: 'open' },
    });
    expect(request).toEqual({
      method: 'GET',
      body: null,
      url:
        'https://api.example.com/v1/orders/A%201%2F2?lang=en&include=items&include=tracking&verbose=true' +
        '&filter=%7B%22status%22%3A%22open%22%7D',
    });
  });

  it('sends the arguments not used in the path as a JSON body for the other methods', () => {
    const request = buildToolRequest(tool('https://api.example.com/users/{user_id}/notes', 'POST'), {
      user_id: 42,
      text: 'hello',
    });
    expect(request).toEqual({
      method: 'POST',
      url: 'https://api.example.com/users/42/notes',
      body: '{"text":"hello"}',
    });
  });

  it('refuses a missing or non-scalar path argument and dot segments that would leave the path', () => {
    const orders = tool('https://api.example.com/orders/{id}/{part}', 'GET');
    expect(() => buildToolRequest(orders, { id: '1' })).toThrow('the url needs the argument "part"');
    expect(() => buildToolRequest(orders, { id: ['1'], part: 'x' })).toThrow(
      'must be a string, number or boolean',
    );
    const dotted: [string, string][] = [
      ['..', 'x'],
      ['x', '.'],
    ];
    for (const [id, part] of dotted) {
      expect(() => buildToolRequest(orders, { id, part })).toThrow('"." or ".."');
    }
    // Encoded dots are encoded again: a literal segment, not a step.
    expect(buildToolRequest(orders, { id: '1', part: '%2e%2E' }).url).toBe(
      'https://api.example.com/orders/1/%252e%252E',
    );
  });
});
