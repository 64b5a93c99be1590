import { afterAll, beforeAll, beforeEach } from 'vitest';
import { AgentPlatform } from '../../src/client.js';
import { type FakeServer, type ReceivedRequest, replyJson, startFakeServer } from './fake-server.js';

/** A client talking to a fake server, fresh for each test of the file that calls `useFakeApi()`. */
export interface FakeApi {
  readonly fake: FakeServer;
  readonly client: AgentPlatform;
  /** The last request the fake server received. */
  last(): ReceivedRequest;
  /** Its body parsed as JSON. */
  lastJson(): unknown;
  /** `[method, url]` of every request received in this test. */
  calls(): [string, string][];
}

/** Starts the fake server before the file's tests, and forgets what it received before each one. */
export function useFakeApi(): FakeApi {
  let fake: FakeServer | undefined;
  let client: AgentPlatform | undefined;
  beforeAll(async () => {
    fake = await startFakeServer();
    client = new AgentPlatform({ apiKey: 'sk_test_123', baseUrl: fake.origin });
  });
  afterAll(() => fake?.close());
  beforeEach(() => {
    if (!fake) return;
    fake.received.length = 0;
    fake.answer(replyJson({ ok: true }));
  });
  const api: FakeApi = {
    get fake() {
      if (!fake) throw new Error('the fake server is not started yet');
      return fake;
    },
    get client() {
      if (!client) throw new Error('the fake server is not started yet');
      return client;
    },
    last() {
      const received = api.fake.received.at(-1);
      if (!received) throw new Error('the fake server received nothing');
      return received;
    },
    lastJson() {
      return JSON.parse(api.last().body);
    },
    calls() {
      return api.fake.received.map((received) => [received.method, received.url]);
    },
  };
  return api;
}
