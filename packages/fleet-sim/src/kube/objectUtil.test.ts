import { isDeepStrictEqual } from 'node:util';
import { jsonCopy } from './objectUtil';

const roundTrip = (value: unknown) => JSON.parse(JSON.stringify(value));

/** Deterministic pseudo-random values of every shape JSON.stringify meets (mulberry32). */
function randomValues(seed: number, count: number): unknown[] {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)];
  const keys = ['a', 'b', 'name', '', 'é', '__proto__', 'toJSON', '0', 'x y'];
  const leaf = (): unknown =>
    pick<() => unknown>([
      () => undefined,
      () => null,
      () => pick([true, false]),
      () => pick([0, -0, 1.5, -7, NaN, Infinity, -Infinity, 2 ** 53]),
      () => pick(['', 'text', 'ü\u0000"\\', '\ud83d\ude00']),
      () => new Date(Math.floor(next() * 2e12)),
      () => Buffer.from('hi'),
      () => () => 1,
      () => Symbol('s'),
      () => Object('boxed'),
      () => Object(3),
      () => ({ toJSON: () => 'custom' }),
    ])();
  const value = (depth: number): unknown => {
    if (depth === 0 || next() < 0.3) return leaf();
    if (next() < 0.4) {
      const items = Array.from({ length: Math.floor(next() * 5) }, () =>
        value(depth - 1),
      );
      if (next() < 0.2) items.length += 2; // holes
      return items;
    }
    const obj: Record<string, unknown> =
      next() < 0.2 ? Object.create(null) : {};
    for (let i = Math.floor(next() * 5); i > 0; i--) {
      const key = pick(keys);
      if (key === '__proto__')
        Object.defineProperty(obj, key, {
          value: value(depth - 1),
          enumerable: true,
          configurable: true,
          writable: true,
        });
      else obj[key] = value(depth - 1);
    }
    return obj;
  };
  return Array.from({ length: count }, () => value(4));
}

describe('jsonCopy', () => {
  it('gives what a JSON round-trip gives, for any value JSON can print', () => {
    let compared = 0;
    const mismatches: unknown[] = [];
    for (const value of randomValues(20261201, 1000)) {
      let expected: unknown;
      try {
        const text = JSON.stringify(value);
        if (text === undefined) continue;
        expected = JSON.parse(text);
      } catch {
        continue;
      }
      compared++;
      const copy = jsonCopy(value);
      // node's comparison: Jest's on every value would dominate this file's time
      if (!isDeepStrictEqual(copy, expected))
        mismatches.push({ value, copy, expected });
    }
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(500);
  });

  it('copies deeply: nothing is shared with the input', () => {
    const input = { a: { b: [{ c: 1 }] }, d: undefined, e: [undefined, -0] };
    const copy = jsonCopy(input);
    expect(copy).toStrictEqual(roundTrip(input));
    copy.a.b[0].c = 2;
    expect(input.a.b[0].c).toBe(1);
    expect(Object.is(copy.e[1], 0)).toBe(true);
  });

  it('takes the JSON round-trip for values with toJSON, like Buffers and Dates', () => {
    const input = {
      when: new Date('2026-01-01T00:00:00Z'),
      bytes: Buffer.from('hi'),
      n: NaN,
    };
    expect(jsonCopy(input)).toStrictEqual({
      when: '2026-01-01T00:00:00.000Z',
      bytes: { type: 'Buffer', data: [104, 105] },
      n: null,
    });
  });
});
