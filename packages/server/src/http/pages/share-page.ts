import path from 'node:path';
import { type Engine, ParleyError } from '@parley/engine';
import express, { type Router } from 'express';
import type { FailedAuthenticationThrottle } from '../../edge/rate-limits/failed-authentication.js';
import { sendPage, templatesDirectory } from './render-page.js';

/**
 * `GET /shared/:agent_id?token=…`: a full-page chat with one agent, using the
 * share token as its credential. A token that is unknown, revoked or expired
 * gets a plain page that says so. Failed tokens count against the client IP like
 * failed keys: past the limit, a 429 page with `Retry-After`.
 */
export function sharePageRouter(engine: Engine, throttle: FailedAuthenticationThrottle): Router {
  const router = express.Router();
  router.get('/shared/:agent_id', async (request, response) => {
    const agentId = request.params.agent_id;
    const token = typeof request.query.token === 'string' ? request.query.token : '';
    const unavailable = (reason: string, status: number) =>
      sendPage(response, path.join(templatesDirectory, 'link-unavailable.html'), { REASON: reason }, status);
    let agentName: string | null = null;
    let agentDescription = '';
    try {
      const principal = await throttle.authenticate(engine, token, request.ip);
      if (principal.kind === 'share' && principal.agentId === agentId) {
        const agent = await engine.agents.get(agentId);
        agentName = agent.name;
        agentDescription = agent.description;
      }
    } catch (error) {
      if (error instanceof ParleyError && error.details.reason === 'share_expired') {
        return unavailable('This link has expired.', 410);
      }
      if (error instanceof ParleyError && error.code === 'rate_limited') {
        const seconds = Number(error.details.retry_after_seconds);
        response.setHeader('Retry-After', String(seconds));
        return unavailable(`Too many attempts from your address. Try again in ${seconds} seconds.`, 429);
      }
      if (!(error instanceof ParleyError)) throw error;
    }
    if (agentName === null) return unavailable('This link was revoked or is not valid.', 404);
    await sendPage(response, path.join(templatesDirectory, 'shared.html'), {
      AGENT_NAME: agentName,
      AGENT_DESCRIPTION: agentDescription,
      AGENT_ID: agentId,
      TOKEN: token,
    });
  });
  return router;
}
