import type {
  ExternalVaultChange,
  RotationSummary,
} from '@secrets-plugin/plugin-secrets-common';
import { mergeHistory } from './mergeHistory';

const at = (minute: number) =>
  new Date(Date.UTC(2026, 11, 1, 12, minute)).toISOString();
const rotation = (id: string, minute: number): RotationSummary => ({
  id,
  kind: 'rotation',
  state: 'succeeded',
  entityRef: 'component:default/payments-api',
  groupId: 'g1',
  requestedBy: 'user:default/alice',
  reason: 'r',
  createdAt: at(minute),
});
const external = (version: number, minute: number): ExternalVaultChange => ({
  source: 'external',
  id: `g1@${version}`,
  groupId: 'g1',
  version,
  createdAt: at(minute),
  destroyed: false,
});

describe('mergeHistory', () => {
  it('interleaves rotations and external versions newest first, counting both', () => {
    const page = mergeHistory({
      rotations: [rotation('b', 30), rotation('a', 10)],
      rotationCount: 2,
      external: [external(1, 0), external(3, 20), external(5, 40)],
      offset: 1,
      limit: 3,
    });
    expect(page.totalCount).toBe(5);
    expect(page.items.map(i => i.id)).toEqual(['b', 'g1@3', 'a']);
  });

  it('pages exactly like slicing the whole merged list, from only the newest offset+limit rotations', () => {
    // a small seeded generator: same cases every run, many shapes (ties, empty lists, past the end)
    let seed = 42;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let run = 0; run < 300; run++) {
      const all = Array.from({ length: next(25) }, (_, i) =>
        rotation(`r${i}`, next(60)),
      ).sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
      const versions = Array.from({ length: next(15) }, (_, i) =>
        external(i + 1, next(60)),
      );
      const offset = next(31);
      const limit = 1 + next(10);
      const whole = mergeHistory({
        rotations: all,
        rotationCount: all.length,
        external: versions,
        offset: 0,
        limit: 1000,
      }).items;
      const page = mergeHistory({
        rotations: all.slice(0, offset + limit),
        rotationCount: all.length,
        external: versions,
        offset,
        limit,
      });
      expect(page.totalCount).toBe(all.length + versions.length);
      expect(page.items).toEqual(whole.slice(offset, offset + limit));
    }
  });
});
