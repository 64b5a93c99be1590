/**
 * The session sweeper reads only the sessions that are due: many active sessions
 * that are not due cost it nothing, and expiries still fire on time, also for
 * sessions that were active before a restart.
 */
import type { Engine } from '@parley/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineOnDisk, SteppingClock, storeOf } from './support/engine-on-disk.js';
import { SmallDisk } from './support/small-disk.js';

const minute = 60_000;

async function newApp(engine: Engine, name: string, ttlSeconds: number): Promise<string> {
  const agent = await engine.agents.create({ name: `${name} agent` } as never);
  const app = await engine.apps.create({
    name,
    agents: [agent.id],
    session_ttl_seconds: ttlSeconds,
  } as never);
  return app.id;
}

describe('the session sweeper', () => {
  const disks: EngineOnDisk[] = [];
  afterEach(async () => {
    for (const disk of disks.splice(0)) await disk.remove();
  });

  it('reads only the sessions due, however many others are active', async () => {
    const disk = new EngineOnDisk();
    disks.push(disk);
    const clock = new SteppingClock(Date.UTC(2024, 5, 1, 12, 0, 0), 0);
    let engine = await disk.open(clock);
    const longLived = await newApp(engine, 'Long', 7 * 24 * 3600);
    const shortLived = await newApp(engine, 'Short', 600);
    await Promise.all(Array.from({ length: 3_000 }, () => engine.sessions.create(longLived, {})));
    const short = await Promise.all(Array.from({ length: 3 }, () => engine.sessions.create(shortLived, {})));

    expect(await engine.sessions.sweepExpired()).toBe(0);
    expect(engine.sessions.sweepStats().examined).toBe(0);

    // One short session is kept alive by a turn; the other two expire.
    clock.advance(8 * minute);
    await engine.execute(shortLived, { message: 'still here', session_id: short[0]?.session_id });
    clock.advance(3 * minute);
    expect(await engine.sessions.sweepExpired()).toBe(2);
    expect(engine.sessions.sweepStats().examined).toBe(2);
    const ended = await storeOf(engine).get('sessions', short[1]?.session_id as string);
    expect(ended).toMatchObject({ status: 'ended', end_reason: 'expired' });

    // Known again after a restart: the one kept alive ends when its time comes, and only it is read.
    await disk.close();
    engine = await disk.open(clock);
    clock.advance(5 * minute);
    expect(await engine.sessions.sweepExpired()).toBe(0);
    clock.advance(6 * minute);
    expect(await engine.sessions.sweepExpired()).toBe(1);
    expect(engine.sessions.sweepStats()).toEqual({ examined: 1 });
  });

  it('a sweep whose write fails (the disk is full) loses no session: the next sweep ends them all', async () => {
    const smallDisk = new SmallDisk();
    const disk = new EngineOnDisk(smallDisk.folder);
    try {
      const clock = new SteppingClock(Date.UTC(2024, 5, 1, 12, 0, 0), 0);
      const engine = await disk.open(clock);
      const appId = await newApp(engine, 'Short', 600);
      const sessions = [];
      for (let index = 0; index < 3; index += 1) sessions.push(await engine.sessions.create(appId, {}));
      clock.advance(11 * minute);

      await smallDisk.fillUnder(storeOf(engine));
      await expect(engine.sessions.sweepExpired()).rejects.toThrow();
      smallDisk.free();

      expect(await engine.sessions.sweepExpired()).toBe(3);
      for (const session of sessions)
        expect(await storeOf(engine).get('sessions', session.session_id)).toMatchObject({
          status: 'ended',
          end_reason: 'expired',
        });
    } finally {
      await disk.close();
      smallDisk.remove();
    }
  });
});
