/** A workspace adding the Slack app ("Add to Slack"), and the demo's documents being ready, for the Slack tests. */
import type { ParleyHarness } from './parley-harness.js';
import type { SlackApiServer } from './slack-api-server.js';

/** "Add to Slack" for the fake's workspace, as its admin's browser does it: install page, Slack's authorize page, redirect. */
export async function addToSlack(
  parley: ParleyHarness,
  api: SlackApiServer,
  teamId = api.teamId,
): Promise<void> {
  api.setRedirectUrl(`${parley.url}/slack/oauth_redirect`);
  api.approveAs(teamId);
  const started = await fetch(`${parley.url}/slack/install`, { redirect: 'manual' });
  const cookie = started.headers
    .getSetCookie()
    .map((value) => value.split(';')[0])
    .join('; ');
  const atSlack = await fetch(started.headers.get('location') ?? '', { redirect: 'manual' });
  const back = await fetch(atSlack.headers.get('location') ?? '', {
    headers: { cookie },
    redirect: 'manual',
  });
  if (back.status !== 200) throw new Error(`Add to Slack failed: ${back.status} ${await back.text()}`);
}

/** The demo's documents are read in the background after the start: waits until they are all ready. */
export async function demoKnowledgeReady(parley: ParleyHarness, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const datastores = (await (await parley.request('GET', '/v1/datastores')).json()) as {
      data: { id: string }[];
    };
    const statuses: string[] = [];
    for (const datastore of datastores.data) {
      const documents = (await (
        await parley.request('GET', `/v1/datastores/${datastore.id}/documents?limit=100`)
      ).json()) as { data: { status: string }[] };
      statuses.push(...documents.data.map((document) => document.status));
    }
    if (statuses.length > 0 && statuses.every((status) => status === 'ready')) return;
    if (Date.now() > deadline) throw new Error(`the demo documents are not ready: ${statuses.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
