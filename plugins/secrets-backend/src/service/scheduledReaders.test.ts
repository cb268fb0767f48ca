import type { ClusterData } from '../cluster/ClusterData';
import type { ExternalSecretProjection } from '../cluster/projections';
import type { EntityRows, KeyedRow } from './entityRows';
import { byKey, ScheduledReaders } from './scheduledReaders';

const es = (name: string, key: string, rotateEvery?: string) =>
  ({
    namespace: 'payments',
    name,
    key,
    rotateEvery,
  } as unknown as ExternalSecretProjection & { key: string });

function cluster(list: Array<ExternalSecretProjection & { key: string }>) {
  const data = {
    externalSecrets: { version: 1, values: () => list.values() },
    dependenciesVersion: () => 1,
  };
  return data as unknown as ClusterData & {
    externalSecrets: { version: number };
  };
}

/** One keyed row per ExternalSecret, for the key it names. */
const rows = {
  forEach: jest.fn(
    (
      _c: string,
      _d: ClusterData,
      e: ExternalSecretProjection & { key: string },
      _now: number,
      emit: (k: KeyedRow) => void,
    ) => {
      emit({
        id: `id:${e.key}`,
        vault: { mount: 'secret', key: e.key },
        row: {} as KeyedRow['row'],
      });
      return Infinity;
    },
  ),
} as unknown as EntityRows & { forEach: jest.Mock };

describe('ScheduledReaders', () => {
  beforeEach(() => rows.forEach.mockClear());

  it("takes a reader's rotate-every annotation, and readers of keys under a configured path", () => {
    const data = cluster([
      es('db', 'payments-api/db', '30d'),
      es('db-typo', 'payments-api/db', 'monthly'),
      es('stripe', 'payments-api/stripe'),
      es('session', 'checkout-web/session'),
    ]);
    const annotatedOnly = new ScheduledReaders(rows, []);
    expect(annotatedOnly.cluster('prod-eu', data, 0).map(r => r.name)).toEqual([
      'db',
    ]);
    // without schedules in config, only annotated ExternalSecrets are derived at all
    expect(rows.forEach).toHaveBeenCalledTimes(1);

    const configured = new ScheduledReaders(rows, [
      { path: 'secret/checkout-web/*', every: '7d', everyMs: 7 * 86_400_000 },
    ]);
    const readers = configured.cluster('prod-eu', data, 0);
    expect(readers.map(r => [r.name, r.rotateEvery])).toEqual([
      ['db', '30d'],
      ['session', undefined],
    ]);
    expect(byKey(readers).map(k => [k.id, k.readers.length])).toEqual([
      ['id:payments-api/db', 1],
      ['id:checkout-web/session', 1],
    ]);
  });

  it('is kept until something in the cluster changes', () => {
    const data = cluster([es('db', 'payments-api/db', '30d')]);
    const readers = new ScheduledReaders(rows, []);
    const first = readers.cluster('prod-eu', data, 0);
    expect(readers.cluster('prod-eu', data, 0)).toBe(first);
    data.externalSecrets.version = 2;
    expect(readers.cluster('prod-eu', data, 0)).not.toBe(first);
    expect(rows.forEach).toHaveBeenCalledTimes(2);
  });
});
