/**
 * Deterministic randomness for the fuzz test: sfc32 seeded through splitmix32, so a seed replays the
 * same sequence on every machine and Node version (Math.random cannot be seeded).
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  uint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** A float in [0, 1). */
  float(): number {
    return this.uint32() / 2 ** 32;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(0, items.length - 1)];
  }

  /** Items in a random order (Fisher–Yates on a copy). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  /** A string of `length` characters drawn from `alphabet`. */
  chars(length: number, alphabet: string): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.int(0, alphabet.length - 1)];
    return out;
  }

  bytes(length: number): Buffer {
    const out = Buffer.alloc(length);
    for (let i = 0; i < length; i++) out[i] = this.int(0, 255);
    return out;
  }
}

/** Keys that pollute prototypes when code copies objects carelessly (`target[key] = value`). */
export const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** The property a polluted prototype would carry; checked on `{}` after the run. */
export const POLLUTION_MARK = 'fuzzPolluted';

/**
 * Sets an own, enumerable property, also for `__proto__` (plain assignment would change the
 * object's prototype instead, and JSON.stringify would then drop the key).
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Strings that break naive code: traversal, injection, control and odd Unicode characters, sizes. */
export const NASTY_STRINGS: readonly string[] = [
  '', ' ', '\t', '\n', '\u0000', '\u0000abc', '..', '../', '../../etc/passwd', '/etc/../../root', 'a/b', '/..', '/a/..',
  '..\\..\\windows', '%2e%2e%2f', 'file://../x', 'file:///etc/../..', 'C:\\x', '~', '~/x', '$HOME', '${jndi:ldap://x/a}',
  '$(rm -rf /)', '`id`', "'; DROP TABLE x; --", '"', '\\', '*', '?', ',', '=', ':', 'org.apache.cassandra.db:type=*',
  '{{7*7}}', '<script>alert(1)</script>', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty',
  'NaN', 'Infinity', '-1', '1e999', '0x10', 'true', 'null', 'undefined', '[]', '{}', '\u202e', '\ud800', '\udfff',
  '\ufeff', 'é', '😀', '\u0130', 'a'.repeat(49), 'a'.repeat(201), 'x'.repeat(5000),
];

/** Random JSON: scalars, strings, arrays and objects (with pollution keys now and then), up to `depth`. */
export function randomJson(random: Random, depth: number): unknown {
  const kind = random.int(0, depth > 0 ? 9 : 6);
  switch (kind) {
    case 0: return null;
    case 1: return random.chance(0.5);
    case 2: return random.pick([0, -1, 1, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1.5, 1e308, -1e-308, Number.MAX_SAFE_INTEGER]);
    case 3: return random.int(-1000, 1000);
    case 4:
    case 5: return random.pick(NASTY_STRINGS);
    case 6: return random.chars(random.int(0, 30), 'abcXYZ019_-./ :%\\"\'\u00e9\u4e2d');
    case 7: return Array.from({ length: random.int(0, 4) }, () => randomJson(random, depth - 1));
    default: {
      const out: Record<string, unknown> = {};
      for (let i = random.int(0, 4); i > 0; i--) {
        const key = random.chance(0.05) ? random.pick(POLLUTION_KEYS) : random.pick(['a', 'type', 'value', 'unit', 'x y', '', '0', 'sourceDir']);
        setOwn(out, key, random.chance(0.3) ? { [POLLUTION_MARK]: true } : randomJson(random, depth - 1));
      }
      return out;
    }
  }
}
