import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ParleyError, type SequencedTurnEvent, type SessionEvent } from '@parley/engine';
import { eventually } from '@parley/engine/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openRedisCoordination, type RedisCoordination } from './redis-coordination.js';
import { removeKeys, sharedRedisUrl, testPrefix } from './test-support.js';

/** The other node: a process of its own on the same Redis and prefix. */
class OtherNode {
  readonly lines: Record<string, unknown>[] = [];
  readonly child: ChildProcess;

  constructor(prefix: string) {
    this.child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        new URL('./test-node-process.ts', import.meta.url).pathname,
        sharedRedisUrl,
        prefix,
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    if (this.child.stdout) {
      createInterface({ input: this.child.stdout }).on('line', (line) => this.lines.push(JSON.parse(line)));
    }
  }

  send(command: string): void {
    this.child.stdin?.write(`${command}\n`);
  }

  /** Waits for a line with `key`. */
  async said(key: string, timeoutMs = 15_000): Promise<Record<string, unknown>> {
    let found: Record<string, unknown> | undefined;
    await eventually(() => {
      found = this.lines.find((line) => key in line);
      expect(found, `the other node to say ${key}`).toBeDefined();
    }, timeoutMs);
    return found as Record<string, unknown>;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return resolve();
      this.child.once('exit', () => resolve());
      this.child.kill('SIGKILL');
    });
  }
}

describe('Two processes on one Redis', () => {
  const prefix = testPrefix();
  let here: RedisCoordination;
  let other: OtherNode;

  beforeAll(async () => {
    here = await openRedisCoordination({ url: sharedRedisUrl, keyPrefix: prefix });
  });

  afterEach(async () => {
    await other?.stop();
  });

  afterAll(async () => {
    await here.close();
    await removeKeys(sharedRedisUrl, prefix);
  });

  it("hear each other's bus messages", async () => {
    other = new OtherNode(prefix);
    other.send('subscribe sessions');
    await other.said('subscribed');
    const heardHere: SessionEvent[] = [];
    here.bus.subscribe('session:from-other', (event) => heardHere.push(event));
    await here.bus.settled?.();
    here.bus.publish('sessions', { type: 'escalated', session_id: 'ses_1', reason: 'asked' });
    expect((await other.said('heard')).heard).toEqual({
      type: 'escalated',
      session_id: 'ses_1',
      reason: 'asked',
    });
    other.send('publish session:from-other {"type":"resolved","session_id":"ses_2"}');
    await eventually(() => expect(heardHere).toEqual([{ type: 'resolved', session_id: 'ses_2' }]));
  });

  it('exclude each other with a lock, and a node killed holding one frees it within its lease', async () => {
    other = new OtherNode(prefix);
    other.send('lock session:shared');
    await other.said('locked');
    const order: string[] = [];
    let releaseAsked = false;
    const waiting = here.locks.run('session:shared', async () => {
      order.push(releaseAsked ? 'here after release' : 'here while held');
    });
    // Held by the other process: this task waits however long that takes.
    await new Promise((resolve) => setTimeout(resolve, 300));
    releaseAsked = true;
    other.send('release');
    await waiting;
    expect(order).toEqual(['here after release']);

    other.send('lock session:killed');
    await other.said('locked');
    await other.stop();
    expect(await here.locks.run('session:killed', async () => 'taken over')).toBe('taken over');
  });

  it('attach to a live turn the other process writes, from the first event to its end; its request id is taken there', async () => {
    other = new OtherNode(prefix);
    other.send('turn cross a b');
    await other.said('recorded');
    expect(await here.liveTurns.begin('key_1', 'cross')).toBeNull();
    const heard: SequencedTurnEvent[] = [];
    let ended = false;
    const attachment = await here.liveTurns.attach('key_1', 'cross', 0, {
      event: (event) => heard.push(event),
      end: () => {
        ended = true;
      },
    });
    expect(attachment.state).toBe('live');
    other.send('record c');
    other.send('finish');
    await eventually(() => expect(ended).toBe(true));
    expect(heard.map(({ seq, event }) => [seq, event.type === 'token' ? event.content : ''])).toEqual([
      [0, 'a'],
      [1, 'b'],
      [2, 'c'],
    ]);
  });

  it('a lock wanted while Redis answers nothing fails as unavailable, never hangs', async () => {
    const nowhere = await openRedisCoordination({
      url: 'redis://127.0.0.1:1',
      keyPrefix: prefix,
      connectWaitMs: 100,
      commandTimeoutMs: 200,
    });
    try {
      const failure = await nowhere.locks
        .run('session:any', async () => 'ran')
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ParleyError);
      expect((failure as ParleyError).status).toBe(503);
    } finally {
      await nowhere.close();
    }
  });
});
