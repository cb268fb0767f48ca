import { SortedKeys } from './SortedKeys';

describe('SortedKeys', () => {
  it('keeps keys ordered across chunk splits and answers ranks', () => {
    const keys = new SortedKeys();
    const expected: string[] = [];
    // a deterministic shuffle of 5000 keys, enough for several 1024-key chunks
    for (let i = 0; i < 5000; i++) {
      const key = `ns-${(i * 7919) % 50}/obj-${(i * 104729) % 5000}`;
      keys.insert(key);
      if (!expected.includes(key)) expected.push(key);
    }
    expected.sort();
    expect(keys.size).toBe(expected.length);
    expect([...keys.from('')]).toEqual(expected);
    expect(keys.rank('ns-2/')).toBe(expected.filter(k => k < 'ns-2/').length);
    expect([...keys.from(expected[100], true)][0]).toBe(expected[101]);
    for (const key of expected.slice(0, 3000))
      expect(keys.remove(key)).toBe(true);
    expect(keys.remove('missing')).toBe(false);
    expect([...keys.from('')]).toEqual(expected.slice(3000));
  });
});
