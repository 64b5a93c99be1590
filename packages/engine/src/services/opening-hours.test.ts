import { describe, expect, it } from 'vitest';
import { isOpenAt, localTime } from './opening-hours.js';

// Monday 2026-12-07 08:30 UTC is 09:30 in Paris and 03:30 in New York.
const monday = Date.parse('2026-12-07T08:30:00Z');

describe('opening hours', () => {
  it('reads the weekday and time in the zone', () => {
    expect(localTime('Europe/Paris', monday)).toEqual({ day: 'mon', time: '09:30' });
    expect(localTime('America/New_York', monday)).toEqual({ day: 'mon', time: '03:30' });
    expect(localTime('Pacific/Auckland', monday)).toEqual({ day: 'mon', time: '21:30' });
  });

  it('is open inside an interval of that day, closed outside, on other days and without intervals', () => {
    const hours = { time_zone: 'Europe/Paris', days: { mon: [{ open: '09:00', close: '17:30' }] } };
    expect(isOpenAt(hours, monday)).toBe(true);
    expect(isOpenAt({ ...hours, time_zone: 'America/New_York' }, monday)).toBe(false);
    expect(isOpenAt({ ...hours, days: { tue: [{ open: '00:00', close: '24:00' }] } }, monday)).toBe(false);
    expect(isOpenAt({ ...hours, days: {} }, monday)).toBe(false);
    expect(isOpenAt({ ...hours, days: { mon: [{ open: '09:30', close: '10:00' }] } }, monday)).toBe(true);
    expect(isOpenAt({ ...hours, days: { mon: [{ open: '08:00', close: '09:30' }] } }, monday)).toBe(false);
    expect(isOpenAt(null, monday)).toBe(true);
  });
});
