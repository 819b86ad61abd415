/**
 * The emulator's virtual clock. Every "now" in the emulator comes from a VirtualClock; the wall
 * clock is read in exactly one place (`systemWall`), and only by a running clock.
 */

/** Milliseconds since the epoch, from the real world. */
export type WallSource = () => number;

// The one wall-clock read of the emulator: running clocks follow it, frozen ones ignore it.
export const systemWall: WallSource = () => Date.now();

export interface ClockState {
  /** Whole unix seconds. */
  now: number;
  frozen: boolean;
}

export class VirtualClock {
  #baseMs: number;
  #wallAtBase: number;
  #frozen: boolean;
  readonly #wall: WallSource;

  constructor(opts: { startMs: number; frozen: boolean; wall?: WallSource }) {
    this.#wall = opts.wall ?? systemWall;
    this.#baseMs = opts.startMs;
    this.#frozen = opts.frozen;
    this.#wallAtBase = opts.frozen ? 0 : this.#wall();
  }

  /** Milliseconds since the epoch, emulated. */
  nowMs(): number {
    return this.#frozen ? this.#baseMs : this.#baseMs + (this.#wall() - this.#wallAtBase);
  }

  /** Whole unix seconds, emulated: what WeChat puts in `create_time` and the like. */
  now(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  get frozen(): boolean {
    return this.#frozen;
  }

  /** Moves to `now` (unix seconds) and/or freezes or unfreezes, keeping the current instant. */
  set(opts: { now?: number | undefined; frozen?: boolean | undefined }): void {
    const ms = opts.now !== undefined ? Math.round(opts.now * 1000) : this.nowMs();
    const frozen = opts.frozen ?? this.#frozen;
    this.#baseMs = ms;
    this.#frozen = frozen;
    this.#wallAtBase = frozen ? 0 : this.#wall();
  }

  advance(seconds: number): void {
    this.set({ now: this.nowMs() / 1000 + seconds });
  }

  /** An independent clock starting at this one's instant (a tenant's own clock). */
  fork(): VirtualClock {
    return new VirtualClock({ startMs: this.nowMs(), frozen: this.#frozen, wall: this.#wall });
  }

  toJSON(): ClockState {
    return { now: this.now(), frozen: this.#frozen };
  }
}

/** Beijing civil day and month of a unix time: WeChat's daily and monthly quotas reset on them. */
/** The Beijing calendar year of a unix time. */
export const beijingYear = (unixSeconds: number): number =>
  Math.floor(beijingDayMonth(unixSeconds).month / 12);

export function beijingDayMonth(unixSeconds: number): { day: number; month: number } {
  const day = Math.floor((unixSeconds + 8 * 3600) / 86_400);
  // civil_from_days (H. Hinnant), pure arithmetic so no Date object is needed.
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  // Months since 1 March of the (March-based) year yoe + era * 400; that March is civil month
  // index 2 of that year, and mp 10 and 11 (January, February) fall in the next civil year.
  const mp = Math.floor((5 * doy + 2) / 153);
  return { day, month: (yoe + era * 400) * 12 + mp + 2 };
}
