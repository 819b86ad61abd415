/**
 * Seeded randomness: one sfc32 generator per emulator, whose state is plain numbers (so it travels
 * in snapshots). Same seed and same requests in the same order give the same draws.
 */
import { createHash } from "node:crypto";

export type PrngState = [number, number, number, number];

/** Four 32-bit words from any seed: the first 16 bytes of its SHA-256. */
export function seedState(seed: number | string): PrngState {
  const h = createHash("sha256").update(`wxa-emulator:${seed}`).digest();
  return [h.readUInt32LE(0), h.readUInt32LE(4), h.readUInt32LE(8), h.readUInt32LE(12)];
}

export class Prng {
  #s: PrngState;

  constructor(state: PrngState) {
    this.#s = [...state];
    for (let i = 0; i < 12; i++) this.u32();
  }

  static fromSeed(seed: number | string): Prng {
    return new Prng(seedState(seed));
  }

  /** Restores an exported state exactly (no warm-up). */
  static restore(state: PrngState): Prng {
    const p = new Prng([0, 0, 0, 1]);
    p.#s = [...state];
    return p;
  }

  state(): PrngState {
    return [...this.#s];
  }

  u32(): number {
    let [a, b, c, d] = this.#s;
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    this.#s = [a >>> 0, b >>> 0, c >>> 0, d >>> 0];
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4_294_967_296;
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  hex8(): string {
    return this.u32().toString(16).padStart(8, "0");
  }

  /** `xxxxxxxx-xxxxxxxx-xxxxxxxx`, as WeChat appends to errmsg. */
  rid(): string {
    return `${this.hex8()}-${this.hex8()}-${this.hex8()}`;
  }

  /** `length` characters of the base64url alphabet (tokens). */
  chars(length: number): string {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let out = "";
    for (let i = 0; i < length; i++) out += alphabet[this.u32() & 63];
    return out;
  }
}
