// Seeded PRNG: xoshiro128** (32-bit state words, exact in JS integer arithmetic) seeded through splitmix32,
// plus standard normal samples by Box-Muller. Same seed, same sequence in every V8 (Node, Deno, Chromium).

function splitmix32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export class Prng {
  constructor(seed) {
    const next = splitmix32(seed);
    this.s0 = next(); this.s1 = next(); this.s2 = next(); this.s3 = next();
    this.spareNormal = NaN;
  }

  /** Uniform 32-bit unsigned integer. */
  nextUint32() {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0; this.s3 ^= this.s1; this.s1 ^= this.s2; this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  nextDouble() {
    const high = this.nextUint32() >>> 5;   // 27 bits
    const low = this.nextUint32() >>> 6;    // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** Uniform integer in [0, bound). */
  nextInt(bound) { return Math.floor(this.nextDouble() * bound); }

  /** Standard normal sample (Box-Muller; the second value of each pair is kept for the next call). */
  nextNormal() {
    if (!Number.isNaN(this.spareNormal)) {
      const value = this.spareNormal;
      this.spareNormal = NaN;
      return value;
    }
    let u = 0;
    while (u === 0) u = this.nextDouble();
    const v = this.nextDouble();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  }
}

function rotl(x, k) { return ((x << k) | (x >>> (32 - k))) >>> 0; }
