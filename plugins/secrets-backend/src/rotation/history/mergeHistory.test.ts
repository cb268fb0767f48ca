import fc from 'fast-check';
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
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 59 }), { maxLength: 25 }),
        fc.array(fc.integer({ min: 0, max: 59 }), { maxLength: 15 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 10 }),
        (rotationMinutes, versionMinutes, offset, limit) => {
          // the store answers newest first
          const all = rotationMinutes
            .map((m, i) => rotation(`r${i}`, m))
            .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
          const versions = versionMinutes.map((m, i) => external(i + 1, m));
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
        },
      ),
    );
  });
});
