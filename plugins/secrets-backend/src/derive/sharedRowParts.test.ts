import { ClusterData } from '../cluster/ClusterData';
import type {
  ExternalSecretProjection,
  StoreProjection,
} from '../cluster/projections';
import {
  forceSyncPart,
  listPart,
  storePart,
  vaultPart,
} from './sharedRowParts';

const store = (ready: 'True' | 'False'): StoreProjection => ({
  kind: 'SecretStore',
  namespace: 'ns',
  name: 'vault',
  ready: { status: ready, reason: ready === 'True' ? 'Valid' : 'Invalid' },
});

const es = (name: string): ExternalSecretProjection => ({
  namespace: 'ns',
  name,
  labels: {},
  storeRef: { kind: 'SecretStore', name: 'vault' },
  refreshPolicy: 'Periodic',
  targetName: name,
  vaultRefs: [],
});

describe('shared row parts', () => {
  it('shares one store part per store version and latest Warning', () => {
    const data = new ClusterData();
    const ok = store('True');
    const a = storePart('c1', data, es('a'), ok);
    expect(storePart('c1', data, es('b'), ok)).toBe(a);
    expect(a).toMatchObject({
      cluster: 'c1',
      kind: 'SecretStore',
      namespace: 'ns',
      health: { ready: true },
    });
    expect(storePart('c2', data, es('a'), ok)).not.toBe(a);

    const failing = store('False');
    const broken = storePart('c1', data, es('a'), failing);
    expect(broken.health.ready).toBe(false);
    expect(broken.health.cause).toBeUndefined();
    data.warnings.sink.upsert('ns/ev', {
      objectKey: 'SecretStore/ns/vault',
      message: 'permission denied',
      at: '2026-01-01T00:00:00Z',
    });
    const withCause = storePart('c1', data, es('a'), failing);
    expect(withCause).not.toBe(broken);
    expect(withCause.health.cause).toBe('permission denied');
  });

  it('describes a missing store per row', () => {
    const part = storePart('c1', new ClusterData(), es('a'), undefined);
    expect(part.health).toMatchObject({ ready: false, reason: 'NotFound' });
  });

  it('shares force-sync verdicts unless they point at a parent', () => {
    expect(forceSyncPart([], undefined)).toBe(forceSyncPart([], undefined));
    expect(forceSyncPart(['CreatedOnce'], undefined)).toEqual({
      supported: false,
      blockers: ['CreatedOnce'],
    });
    expect(forceSyncPart(['ClusterExternalSecretChild'], 'parent')).toEqual({
      supported: true,
      blockers: ['ClusterExternalSecretChild'],
      via: { kind: 'ClusterExternalSecret', name: 'parent' },
    });
  });

  it('shares Vault coordinates read the same way, and empty lists', () => {
    const coords = { server: 'https://v', mount: 'secret', key: 'app/db' };
    const a = vaultPart({ ...coords, property: 'password' });
    expect(vaultPart({ ...coords, property: 'password' })).toBe(a);
    expect(vaultPart({ ...coords, property: 'user' })).not.toBe(a);
    expect(vaultPart({ ...coords, property: 'user' }).id).toBe(a.id);
    expect(vaultPart({ ...coords, pinnedVersion: '3' }).vault).toEqual({
      ...coords,
      pinnedVersion: '3',
    });
    expect(listPart([])).toBe(listPart([]));
    expect(listPart([1])).toEqual([1]);
  });
});
