import type { PlatformReceiver } from '@parley/receiver';
import type { Express } from 'express';
import { withRawBody } from '../edge/bounded-body.js';

/**
 * Mounts every platform endpoint ahead of the API's body parsing (a platform's signature
 * covers the exact bytes); a `GET` (an OAuth install page or redirect) as it comes. A `raw` endpoint gets its body read within `bodyLimitBytes`,
 * and 413 with `Connection: close` over it.
 */
export function mountPlatformEndpoints(
  app: Express,
  platforms: PlatformReceiver[],
  bodyLimitBytes: number,
): void {
  for (const platform of platforms) {
    for (const endpoint of platform.endpoints) {
      // Express 5 passes a rejected promise on to the error handler.
      if (endpoint.method === 'GET')
        app.get(endpoint.path, (request, response) => endpoint.handle(request, response, Buffer.alloc(0)));
      else app.post(endpoint.path, withRawBody(bodyLimitBytes, endpoint.handle));
    }
  }
}
