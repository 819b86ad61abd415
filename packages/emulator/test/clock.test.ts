/**
 * The virtual clock's edges and the Beijing calendar that WeChat's daily and monthly quotas reset
 * on, checked against the platform's own calendar over every month of several years.
 */
import { describe, expect, it } from "vitest";
import { beijingDayMonth, beijingYear, VirtualClock } from "../src/clock.js";

const BEIJING_MS = 8 * 3600 * 1000;
/** The reference: Date's calendar, shifted to Beijing time (UTC+8, no daylight saving). */
const reference = (unixSeconds: number) => {
  const d = new Date(unixSeconds * 1000 + BEIJING_MS);
  return {
    day: Math.floor((unixSeconds * 1000 + BEIJING_MS) / 86_400_000),
    month: d.getUTCFullYear() * 12 + d.getUTCMonth(),
  };
};
/** Unix seconds of 00:00 in Beijing on the first of a month (m from 0). */
const beijingMonthStart = (y: number, m: number) => (Date.UTC(y, m, 1) - BEIJING_MS) / 1000;

describe("Beijing calendar", () => {
  it("every month from 1899 to 2101 starts at Beijing midnight, not UTC midnight", () => {
    for (let y = 1899; y <= 2101; y++)
      for (let m = 0; m < 12; m++) {
        const start = beijingMonthStart(y, m);
        const label = `${y}-${m + 1}`;
        expect(beijingDayMonth(start), label).toEqual(reference(start));
        expect(beijingDayMonth(start).month, label).toBe(y * 12 + m);
        expect(beijingDayMonth(start - 1).month, label).toBe(y * 12 + m - 1);
        expect(beijingDayMonth(start).day - beijingDayMonth(start - 1).day, label).toBe(1);
      }
  });

  it("the year (rename counts reset on it) is right in every month, March to December too", () => {
    for (const y of [1900, 1999, 2024, 2025, 2100])
      for (let m = 0; m < 12; m++) {
        const start = beijingMonthStart(y, m);
        expect(beijingYear(start), `${y}-${m + 1}`).toBe(y);
        expect(beijingYear(start + 14 * 86_400), `${y}-${m + 1} mid`).toBe(y);
      }
    expect(beijingYear(beijingMonthStart(2025, 0) - 1)).toBe(2024);
  });

  it("the year turns at 16:00 UTC on 31 December", () => {
    const newYear = Date.UTC(2024, 11, 31, 16) / 1000;
    expect(beijingDayMonth(newYear - 1).month).toBe(2024 * 12 + 11);
    expect(beijingDayMonth(newYear).month).toBe(2025 * 12);
    // UTC midnight of 1 January is already 08:00 in Beijing: no change of day there
    const utcMidnight = Date.UTC(2025, 0, 1) / 1000;
    expect(beijingDayMonth(utcMidnight).day).toBe(beijingDayMonth(newYear).day);
  });

  it("leap days: 29 February 2024 and 2000 exist, 1900 and 2100 have none", () => {
    for (const y of [2000, 2024, 1900, 2100]) {
      const feb29 = (Date.UTC(y, 1, 29, 12) - BEIJING_MS) / 1000;
      expect(beijingDayMonth(feb29), String(y)).toEqual(reference(feb29));
    }
  });

  it("agrees with the reference at arbitrary instants", () => {
    let x = 12_345;
    for (let i = 0; i < 2000; i++) {
      x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
      const t = Math.floor((x / 2 ** 31) * 8e9) - 3e9; // 1875 to 2223
      expect(beijingDayMonth(t), String(t)).toEqual(reference(t));
    }
  });
});

describe("virtual clock", () => {
  it("now() is whole seconds, rounded down", () => {
    const c = new VirtualClock({ startMs: 1_999, frozen: true });
    expect(c.now()).toBe(1);
    expect(c.toJSON()).toEqual({ now: 1, frozen: true });
  });

  it("a frozen clock ignores the wall; unfreezing resumes from the frozen instant", () => {
    let wall = 50_000;
    const c = new VirtualClock({ startMs: 1_000, frozen: true, wall: () => wall });
    wall += 5_000;
    expect(c.nowMs()).toBe(1_000);
    expect(c.frozen).toBe(true);
    c.set({ frozen: false });
    expect(c.frozen).toBe(false);
    expect(c.nowMs()).toBe(1_000);
    wall += 2_000;
    expect(c.nowMs()).toBe(3_000);
    expect(c.toJSON()).toEqual({ now: 3, frozen: false });
  });

  it("a running clock starts from startMs, whatever the wall reads", () => {
    let wall = 123_456;
    const c = new VirtualClock({ startMs: 10_000, frozen: false, wall: () => wall });
    expect(c.nowMs()).toBe(10_000);
    wall += 1;
    expect(c.nowMs()).toBe(10_001);
  });

  it("set moves to a given second (ms rounded) and keeps running or frozen as it was", () => {
    let wall = 0;
    const c = new VirtualClock({ startMs: 0, frozen: false, wall: () => wall });
    c.set({ now: 100.0004 });
    expect(c.nowMs()).toBe(100_000);
    expect(c.frozen).toBe(false);
    wall += 500;
    expect(c.nowMs()).toBe(100_500);
    c.set({ now: 7, frozen: true });
    wall += 500;
    expect(c.nowMs()).toBe(7_000);
    c.set({});
    expect(c.nowMs()).toBe(7_000);
    expect(c.frozen).toBe(true);
    c.set({ now: 0 });
    expect(c.nowMs()).toBe(0);
  });

  it("advance moves by seconds, fractions and backwards too, running or frozen", () => {
    let wall = 0;
    const c = new VirtualClock({ startMs: 10_000, frozen: false, wall: () => wall });
    c.advance(1.5);
    expect(c.nowMs()).toBe(11_500);
    wall += 100;
    expect(c.nowMs()).toBe(11_600);
    c.set({ frozen: true });
    c.advance(-11.6);
    expect(c.nowMs()).toBe(0);
  });

  it("a fork starts at the same instant, runs on the same wall, then goes its own way", () => {
    let wall = 0;
    const c = new VirtualClock({ startMs: 5_000, frozen: false, wall: () => wall });
    wall += 1_000;
    const fork = c.fork();
    expect(fork.nowMs()).toBe(6_000);
    expect(fork.frozen).toBe(false);
    wall += 1_000;
    expect(fork.nowMs()).toBe(7_000);
    fork.advance(60);
    expect(c.nowMs()).toBe(7_000);
    c.set({ frozen: true });
    expect(c.fork().frozen).toBe(true);
  });

  it("without a wall source, a running clock follows the system clock", () => {
    const c = new VirtualClock({ startMs: 0, frozen: false });
    const first = c.nowMs();
    expect(first).toBeGreaterThanOrEqual(0);
    expect(first).toBeLessThan(60_000);
  });
});
