// Time-of-day windows in minutes of the local day. Local time is UTC shifted by a fixed
// configured offset: daylight-saving rules are the operator's to encode, and a fixed
// offset keeps the decision a pure function of the injected clock.

import type { TimeWindowSpec } from '../types';

export interface TimeWindow {
  startMinute: number;
  endMinute: number;
  /** Bit d set = window may start on day d (0 = Sunday); 0x7f = every day. */
  dayMask: number;
}

const MINUTES_PER_DAY = 1440;
const MS_PER_MINUTE = 60_000;

/** Parses "HH:MM" (00:00..24:00) to minutes, or undefined. */
export function parseClock(s: string): number | undefined {
  const m = /^([01][0-9]|2[0-4]):([0-5][0-9])$/.exec(s);
  if (m === null) return undefined;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return minutes <= MINUTES_PER_DAY ? minutes : undefined;
}

export function compileWindow(spec: TimeWindowSpec): TimeWindow | string {
  const startMinute = parseClock(spec.start);
  const endMinute = parseClock(spec.end);
  if (startMinute === undefined) return `invalid start time ${JSON.stringify(spec.start)} (want HH:MM)`;
  if (endMinute === undefined) return `invalid end time ${JSON.stringify(spec.end)} (want HH:MM)`;
  let dayMask = 0x7f;
  if (spec.days !== undefined) {
    dayMask = 0;
    for (const d of spec.days) {
      if (!Number.isInteger(d) || d < 0 || d > 6) return `invalid day ${d} (want 0..6, 0 = Sunday)`;
      dayMask |= 1 << d;
    }
  }
  return { startMinute, endMinute, dayMask };
}

/**
 * True when nowMs falls in the window. A wrapping window (end <= start) belongs to the
 * day it started on, so "22:00-06:00 on Friday" still holds at 03:00 on Saturday.
 * Computed inline (no intermediate object) because it runs per decision.
 */
export function windowMatches(w: TimeWindow, nowMs: number, tzOffsetMinutes: number): boolean {
  const localMinutes = Math.floor(nowMs / MS_PER_MINUTE) + tzOffsetMinutes;
  const dayIndex = Math.floor(localMinutes / MINUTES_PER_DAY);
  const minute = localMinutes - dayIndex * MINUTES_PER_DAY;
  // 1970-01-01 was a Thursday (day 4).
  const day = (((dayIndex + 4) % 7) + 7) % 7;
  if (w.startMinute < w.endMinute) {
    return minute >= w.startMinute && minute < w.endMinute && (w.dayMask & (1 << day)) !== 0;
  }
  if (minute >= w.startMinute) return (w.dayMask & (1 << day)) !== 0;
  if (minute < w.endMinute) return (w.dayMask & (1 << ((day + 6) % 7))) !== 0;
  return false;
}
