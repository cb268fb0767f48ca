import { IndexedMap } from './IndexedMap';

interface Item {
  name: string;
  team: string;
}

const byTeam = () => new IndexedMap<Item>({ team: (i: Item) => [i.team] });

describe('IndexedMap', () => {
  it('looks values up by index and keeps the index in step', () => {
    const map = byTeam();
    map.upsert('a', { name: 'a', team: 'x' });
    map.upsert('b', { name: 'b', team: 'x' });
    map.upsert('c', { name: 'c', team: 'y' });
    expect(map.lookup('team', 'x').map(i => i.name)).toEqual(['a', 'b']);
    expect(map.countBy('team', 'x')).toBe(2);
    map.upsert('b', { name: 'b', team: 'y' });
    expect(map.lookup('team', 'x').map(i => i.name)).toEqual(['a']);
    expect(map.lookup('team', 'y').map(i => i.name)).toEqual(['c', 'b']);
    map.remove('a');
    expect(map.lookup('team', 'x')).toEqual([]);
    expect(map.countBy('team', 'x')).toBe(0);
  });

  it('hands out the same list until its bucket changes', () => {
    const map = byTeam();
    map.upsert('a', { name: 'a', team: 'x' });
    map.upsert('b', { name: 'b', team: 'x' });
    map.upsert('c', { name: 'c', team: 'y' });
    map.upsert('d', { name: 'd', team: 'y' });
    const x = map.lookup('team', 'x');
    const y = map.lookup('team', 'y');
    expect(map.lookup('team', 'x')).toBe(x);
    map.upsert('e', { name: 'e', team: 'x' });
    expect(map.lookup('team', 'x')).not.toBe(x);
    expect(map.lookup('team', 'x').map(i => i.name)).toEqual(['a', 'b', 'e']);
    expect(map.lookup('team', 'y')).toBe(y);
    const replaced = { name: 'c, renamed', team: 'y' };
    map.upsert('c', replaced);
    expect(map.lookup('team', 'y')).not.toBe(y);
    expect(map.lookup('team', 'y')).toEqual([
      { name: 'd', team: 'y' },
      replaced,
    ]);
  });

  it('keeps single-key buckets without a set, and grows and shrinks them', () => {
    const map = byTeam();
    map.upsert('a', { name: 'a', team: 'x' });
    expect(map.lookup('team', 'x')).toEqual([{ name: 'a', team: 'x' }]);
    expect(map.countBy('team', 'x')).toBe(1);
    map.upsert('a', { name: 'a, renamed', team: 'x' });
    expect(map.lookup('team', 'x')).toEqual([
      { name: 'a, renamed', team: 'x' },
    ]);
    map.upsert('b', { name: 'b', team: 'x' });
    expect(map.countBy('team', 'x')).toBe(2);
    map.remove('a');
    map.remove('b');
    expect(map.lookup('team', 'x')).toEqual([]);
    expect(map.countBy('team', 'x')).toBe(0);
    map.upsert('c', { name: 'c', team: 'x' });
    map.remove('b');
    expect(map.lookup('team', 'x').map(i => i.name)).toEqual(['c']);
  });

  it('counts every change in its version, and replaces wholesale on relist', () => {
    const map = byTeam();
    const v0 = map.version;
    map.upsert('a', { name: 'a', team: 'x' });
    map.replace([['b', { name: 'b', team: 'x' }]]);
    expect(map.version).toBeGreaterThan(v0 + 1);
    expect(map.lookup('team', 'x').map(i => i.name)).toEqual(['b']);
    expect(map.size).toBe(1);
  });

  it('keeps the cached object when an equal one arrives, also on relist', () => {
    const map = byTeam();
    const a = { name: 'a', team: 'x' };
    map.upsert('a', a);
    map.upsert('b', { name: 'b', team: 'x' });
    const list = map.lookup('team', 'x');
    const version = map.version;
    map.upsert('a', { name: 'a', team: 'x' });
    map.replace([
      ['a', { name: 'a', team: 'x' }],
      ['b', { name: 'b', team: 'x' }],
    ]);
    expect(map.get('a')).toBe(a);
    expect(map.lookup('team', 'x')).toBe(list);
    expect(map.version).toBe(version);
    map.replace([['a', { name: 'a', team: 'y' }]]);
    expect(map.get('b')).toBeUndefined();
    expect(map.get('a')).not.toBe(a);
    expect(map.lookup('team', 'y').map(i => i.name)).toEqual(['a']);
    expect(map.version).toBeGreaterThan(version);
  });
});
