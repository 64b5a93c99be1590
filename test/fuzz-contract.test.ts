import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allowedOrigin,
  type BodyPlan,
  type CredentialName,
  type PlannedRequest,
  type Pool,
  planArbitrary,
  poolKeyOf,
} from './support/contract-fuzz-plan.js';
import { statusOfCode } from './support/error-codes.js';
import {
  type DocumentedOperation,
  type OpenApiDocument,
  OpenApiValidator,
  operationsOf,
} from './support/openapi-validator.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

/**
 * A schema-driven fuzzer: requests made from the served `/v1/openapi.json` — its operations, its
 * parameter and body schemas, valid values and values that break them in one place — sent to the real
 * server with real ids (an app, agent, session, conversation, datastore, document, definition, webhook
 * and key made first), every kind of credential, and checked against the same document with ajv:
 * no 5xx, the status is one the operation declares, the body fits the schema of that status, the
 * required headers are there, and a body the document calls invalid is never taken.
 *
 * A fixed seed always runs; a random seed runs too and is printed, so a failure can be replayed
 * (`PARLEY_FUZZ_SEED=<seed> npx vitest run test/fuzz-contract.test.ts`).
 */

const fixedSeed = 20_260_109;
const fixedRuns = 2_000;
const randomRuns = 400;
/** Operations whose event stream stays open (until the session is handed back): read briefly. */
const openEndedStreams = new Set(['streamSessionNotifications']);
const randomSeed = Number(process.env.PARLEY_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

describe('a schema-driven fuzzer from the served OpenAPI document', () => {
  let parley: ParleyHarness;
  let document: OpenApiDocument;
  let validator: OpenApiValidator;
  let operations: DocumentedOperation[];
  const pool: Pool = {
    app: '',
    agent: '',
    session: '',
    message: '',
    conversation: '',
    datastore: '',
    document: '',
    definition: '',
    webhook: '',
    key: '',
    publishableKey: '',
    shareToken: '',
  };
  const histogram = new Map<string, number>();
  let requestsSent = 0;

  async function admin<T>(method: string, pathname: string, payload?: unknown): Promise<T> {
    const response = await parley.request(method, pathname, payload);
    const text = await response.text();
    if (response.status >= 300) throw new Error(`setup ${method} ${pathname}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }

  /** What a success of these operations on the real records deletes, ends or revokes. */
  const spentBy: Record<string, (keyof Pool)[]> = {
    deleteApp: ['app', 'session', 'message', 'webhook', 'publishableKey'],
    deleteAgent: ['agent', 'conversation', 'shareToken'],
    deleteDatastore: ['datastore', 'document'],
    deleteDocument: ['document'],
    deleteDefinition: ['definition'],
    deleteWebhook: ['webhook'],
    deleteKey: ['key'],
    deleteConversation: ['conversation'],
    endSession: ['session', 'message'],
    revokeShares: ['shareToken'],
  };

  /** Makes (again) whatever the fuzz deleted, ended or revoked, so requests keep meeting real records. */
  async function restock(): Promise<void> {
    const agentMade = !pool.agent;
    if (agentMade) {
      pool.agent = (await admin<{ id: string }>('POST', '/v1/agents', { name: 'Contract agent' })).id;
    }
    if (!pool.app) {
      pool.app = (
        await admin<{ id: string }>('POST', '/v1/apps', { name: 'Contract app', agents: [pool.agent] })
      ).id;
    } else if (agentMade) {
      await admin('PATCH', `/v1/apps/${pool.app}`, { agents: [pool.agent] });
    }
    if (!pool.session) {
      // The fuzz may have left the app without agents (`agents: []` is a valid update).
      await admin('PATCH', `/v1/apps/${pool.app}`, { agents: [pool.agent] });
      pool.session = (
        await admin<{ session_id: string }>('POST', `/v1/apps/${pool.app}/execute`, {
          message: 'Open the session',
        })
      ).session_id;
      const history = await admin<{ messages: { id: string; role: string }[] }>(
        'GET',
        `/v1/apps/${pool.app}/sessions/${pool.session}/history`,
      );
      pool.message = history.messages.find((message) => message.role === 'assistant')?.id ?? '';
    }
    if (!pool.conversation) {
      pool.conversation = (
        await admin<{ conversation_id: string }>('POST', `/v1/agents/${pool.agent}/chat`, {
          message: 'Hello',
        })
      ).conversation_id;
    }
    if (!pool.datastore) {
      pool.datastore = (await admin<{ id: string }>('POST', '/v1/datastores', { name: 'Contract store' })).id;
    }
    if (!pool.document) {
      pool.document = (
        await admin<{ id: string }>('POST', `/v1/datastores/${pool.datastore}/documents`, {
          name: 'returns.md',
          text: '# Returns\n\nReturns are accepted within 30 days.',
        })
      ).id;
    }
    if (!pool.definition) {
      pool.definition = (
        await admin<{ id: string }>('POST', '/v1/definitions', {
          name: 'RMA',
          type: 'term',
          content: 'Return.',
        })
      ).id;
    }
    if (!pool.webhook) {
      pool.webhook = (
        await admin<{ id: string }>('POST', `/v1/apps/${pool.app}/webhooks`, {
          url: `${parley.url}/webhook-sink`,
          events: ['session.started'],
        })
      ).id;
    }
    if (!pool.key) {
      pool.key = (
        await admin<{ id: string }>('POST', '/v1/keys', { name: 'Contract victim', kind: 'secret' })
      ).id;
    }
    if (!pool.publishableKey) {
      pool.publishableKey = (
        await admin<{ key: string }>('POST', '/v1/keys', {
          name: 'Contract publishable',
          kind: 'publishable',
          plan: 'enterprise',
          rate_limit: { per_minute: 1_000_000, per_day: 10_000_000 },
          app_id: pool.app,
          allowed_origins: [allowedOrigin],
        })
      ).key;
    }
    if (!pool.shareToken) {
      pool.shareToken = (await admin<{ token: string }>('POST', `/v1/agents/${pool.agent}/share`, {})).token;
    }
  }

  function authorization(credential: CredentialName): string | undefined {
    switch (credential) {
      case 'admin':
        return `Bearer ${parley.adminKey}`;
      case 'publishable':
        return `Bearer ${pool.publishableKey}`;
      case 'share':
        return `Bearer ${pool.shareToken}`;
      case 'garbage':
        return 'Bearer sk_not_a_real_key_0000000000';
      case 'none':
        return undefined;
    }
  }

  /** Fields that name records or URLs get real ones; a key's kind, plan and binding are made to agree. */
  function withRealValues(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(withRealValues);
    if (typeof value !== 'object' || value === null) return value;
    const record: Record<string, unknown> = {};
    for (const [name, field] of Object.entries(value)) record[name] = withRealValues(field);
    const ids: Record<string, string> = {
      session_id: pool.session,
      conversation_id: pool.conversation,
      app_id: pool.app,
      agent_id: pool.agent,
      datastore_id: pool.datastore,
    };
    for (const [name, id] of Object.entries(ids)) if (typeof record[name] === 'string') record[name] = id;
    if (Array.isArray(record.agents)) record.agents = record.agents.length > 0 ? [pool.agent] : [];
    if (Array.isArray(record.agent_ids)) record.agent_ids = record.agent_ids.length > 0 ? [pool.agent] : [];
    if (typeof record.url === 'string') record.url = `${parley.url}/fuzz-sink/{id}`;
    if (record.kind === 'secret') {
      delete record.app_id;
      delete record.agent_id;
      delete record.allowed_origins;
    }
    if (record.kind === 'publishable') {
      if (record.agent_id === undefined) record.app_id = pool.app;
      else delete record.app_id;
      record.allowed_origins = ['*'];
    }
    if (typeof record.kind === 'string' && typeof record.name === 'string') {
      if (record.plan === 'enterprise') record.rate_limit ??= { per_minute: 100, per_day: 1_000 };
      else delete record.rate_limit;
    }
    return record;
  }

  function requestBody(body: BodyPlan): { payload?: BodyInit; contentType?: string } {
    switch (body.kind) {
      case 'none':
        return {};
      case 'valid':
        return {
          payload: JSON.stringify(body.real ? withRealValues(body.value) : body.value),
          contentType: 'application/json',
        };
      case 'invalid':
        return { payload: JSON.stringify(body.value), contentType: 'application/json' };
      case 'multipart': {
        const form = new FormData();
        form.append('file', new Blob([body.fileText], { type: 'text/plain' }), body.fileName);
        if (body.name !== null) form.append('name', body.name);
        return { payload: form };
      }
      case 'multipart-without-file': {
        const form = new FormData();
        form.append('name', 'no file here');
        return { payload: form };
      }
    }
  }

  /**
   * The body as text. A stream that stays open while its session is escalated (a session's
   * notifications) is read for a moment, then left: what came by then is its answer.
   */
  async function bodyOf(response: Response, openEnded: boolean): Promise<string> {
    if (!openEnded || !response.body || response.status !== 200) return response.text();
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const stop = setTimeout(() => void reader.cancel(), 300);
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    clearTimeout(stop);
    return text;
  }

  async function send(plan: PlannedRequest): Promise<void> {
    const documented = operations[plan.operationIndex] as DocumentedOperation;
    let index = 0;
    const pathname = documented.path.replace(/\{([A-Za-z_]+)\}/g, (_match, name: string) => {
      const value = plan.pathValues[index++];
      const text = !value || value.kind === 'real' ? pool[poolKeyOf(documented, name)] : String(value.value);
      // A `.` or `..` segment (encoded or not) is removed by every URL parser before it is sent, so no
      // client can send one as a value: `GET …/conversations/.` arrives as the list route. `...` is a value
      // (two dots added: one would make `.` into `..`, which climbs a segment and deletes the agent).
      return /^(\.|%2e){1,2}$/i.test(text) ? `${text}..` : encodeURIComponent(text);
    });
    const search = new URLSearchParams(
      Object.entries(plan.query).map(([name, value]) => [name, String(value)]),
    ).toString();
    const url = `${parley.url}${pathname}${search ? `?${search}` : ''}`;
    const headers: Record<string, string> = {};
    const credential = authorization(plan.credential);
    if (credential) headers.authorization = credential;
    if (plan.origin === 'allowed') headers.origin = allowedOrigin;
    if (plan.origin === 'foreign') headers.origin = 'https://elsewhere.example';
    const { payload, contentType } = requestBody(plan.body);
    if (contentType) headers['content-type'] = contentType;
    const method = documented.method.toUpperCase();
    const response = await fetch(url, { method, headers, body: payload, redirect: 'manual' });
    const text = await bodyOf(response, openEndedStreams.has(documented.operation.operationId));
    requestsSent += 1;
    const key = `${documented.operation.operationId} ${response.status}`;
    histogram.set(key, (histogram.get(key) ?? 0) + 1);

    const bodyText =
      plan.body.kind === 'valid' || plan.body.kind === 'invalid'
        ? JSON.stringify(plan.body.value).slice(0, 300)
        : plan.body.kind;
    const where = `${method} ${url.slice(0, 300)} [${plan.credential}, origin ${plan.origin}] body(${plan.body.kind}${plan.body.kind === 'invalid' ? ` ${plan.body.invalidity} ${plan.body.field ?? ''}` : ''})=${bodyText}`;
    if (response.status >= 500)
      throw new Error(`${where}: answered ${response.status}: ${text.slice(0, 300)}`);
    const problems = validator.problemsWith(documented, {
      status: response.status,
      headers: response.headers,
      text,
    });
    if (problems.length > 0) {
      throw new Error(
        `${where}: answered ${response.status} against the document:\n- ${problems.join('\n- ')}`,
      );
    }
    if (response.status >= 400) {
      const error = (JSON.parse(text) as { error: { code: string } }).error;
      if (statusOfCode[error.code] !== response.status) {
        throw new Error(`${where}: code ${error.code} does not match status ${response.status}`);
      }
    }
    if (plan.body.kind === 'invalid' && response.status < 300) {
      throw new Error(
        `${where}: a body the document calls invalid was taken (${response.status}): ${text.slice(0, 300)}`,
      );
    }
    const spent = spentBy[documented.operation.operationId];
    if (response.status < 300 && spent) {
      for (const name of spent) pool[name] = '';
      await restock();
    }
  }

  beforeAll(async () => {
    parley = await startParleyHarness({
      model: 'offline',
      environment: {
        PARLEY_IP_LIMIT_PER_MINUTE: '1000000',
        PARLEY_IP_LIMIT_PER_DAY: '10000000',
        PARLEY_ALLOW_PRIVATE_URLS: '1',
        // Wrong keys are part of the fuzz; the failed-authentication throttle has its own test.
        PARLEY_AUTH_FAILURES_PER_MINUTE: '0',
      },
    });
    const response = await fetch(`${parley.url}/v1/openapi.json`);
    document = (await response.json()) as OpenApiDocument;
    validator = new OpenApiValidator(document);
    operations = operationsOf(document);
    await restock();
  });

  afterAll(async () => {
    const byStatus = new Map<string, number>();
    for (const [key, count] of histogram) {
      const status = key.split(' ')[1] as string;
      byStatus.set(status, (byStatus.get(status) ?? 0) + count);
    }
    const counts = [...byStatus.entries()].sort(([left], [right]) => left.localeCompare(right));
    console.log(
      `fuzz-contract: ${requestsSent} requests (fixed seed ${fixedSeed}, random seed ${randomSeed}); ` +
        `${histogram.size} operation×status pairs; by status: ${counts.map(([status, count]) => `${status}×${count}`).join(', ')}`,
    );
    await parley?.stop();
  });

  it(`fits the document for ${fixedRuns} requests from a fixed seed`, async () => {
    await fc.assert(
      fc.asyncProperty(planArbitrary(document), async (plan) => {
        await send(plan);
      }),
      { numRuns: fixedRuns, seed: fixedSeed, endOnFailure: true },
    );
  }, 240_000);

  it(`fits the document for ${randomRuns} requests from a random seed (printed on failure)`, async () => {
    console.log(`fuzz-contract: random seed ${randomSeed} (replay: PARLEY_FUZZ_SEED=${randomSeed})`);
    await fc.assert(
      fc.asyncProperty(planArbitrary(document), async (plan) => {
        await send(plan);
      }),
      { numRuns: randomRuns, seed: randomSeed, endOnFailure: true },
    );
  }, 120_000);

  it('reached every operation, with real records and with made-up ids, and is still up', async () => {
    const reached = new Set([...histogram.keys()].map((key) => key.split(' ')[0]));
    expect([...reached].sort()).toEqual(
      operations.map((documented) => documented.operation.operationId).sort(),
    );
    const successes = [...histogram.entries()]
      .filter(([key]) => /\s2\d\d$/.test(key))
      .map(([key]) => key.split(' ')[0]);
    // Most operations answered a success at least once: the fuzz gets past validation to real work.
    expect(new Set(successes).size).toBeGreaterThan(operations.length * 0.7);
    expect(requestsSent).toBeGreaterThanOrEqual(fixedRuns);
    const health = await fetch(`${parley.url}/healthz`);
    expect(health.status).toBe(200);
  });
});
