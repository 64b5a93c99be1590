import type { OpeningHours, Weekday } from '@parley/contract';

const formats = new Map<string, Intl.DateTimeFormat>();

function formatIn(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** The weekday (`mon`…`sun`) and local time (`HH:MM`) at `now` in `timeZone`. */
export function localTime(timeZone: string, now: number): { day: Weekday; time: string } {
  const parts = Object.fromEntries(
    formatIn(timeZone)
      .formatToParts(now)
      .map((part) => [part.type, part.value]),
  );
  return {
    day: String(parts.weekday).slice(0, 3).toLowerCase() as Weekday,
    time: `${parts.hour}:${parts.minute}`,
  };
}

/**
 * Whether people answer at `now`: always without opening hours; else when the local time in the
 * hours' zone falls in one of that weekday's intervals (`open` included, `close` excluded).
 */
export function isOpenAt(hours: OpeningHours | null, now: number): boolean {
  if (!hours) return true;
  const { day, time } = localTime(hours.time_zone, now);
  return (hours.days[day] ?? []).some((interval) => interval.open <= time && time < interval.close);
}
