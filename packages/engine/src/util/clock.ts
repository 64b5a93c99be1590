/** Time as the engine sees it; tests may pass their own. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Two remembered seconds: callers often format `now` and `now + ttl` in turn. */
const cachedSeconds = [Number.NaN, Number.NaN];
const cachedTexts = ['', ''];
let nextSlot = 0;

/** ISO 8601 UTC to the second, as the contract shows: `2024-01-15T14:30:00Z`. */
export function toIso(milliseconds: number): string {
  const second = Math.floor(milliseconds / 1000);
  if (cachedSeconds[0] === second) return cachedTexts[0] as string;
  if (cachedSeconds[1] === second) return cachedTexts[1] as string;
  const text = new Date(second * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  cachedSeconds[nextSlot] = second;
  cachedTexts[nextSlot] = text;
  nextSlot = 1 - nextSlot;
  return text;
}
