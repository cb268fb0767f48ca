import { validateEsoObject } from '../../kube/schema/esoSchemas';
import { RESOURCES } from '../constants';
import {
  clusterStore,
  type EsoHarness,
  startEsoHarness,
  tokenSecret,
} from '../testing/esoHarness';

const CES = RESOURCES.clusterExternalSecrets;
const ES = RESOURCES.externalSecrets;

describe('ClusterExternalSecret', () => {
  let h: EsoHarness;
  beforeEach(async () => {
    h = await startEsoHarness();
    for (const [name, team] of [
      ['search', 'search'],
      ['billing', 'payments'],
    ]) {
      h.store.create(RESOURCES.namespaces, {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name, labels: { team } },
      });
    }
    h.store.mergePatch(RESOURCES.namespaces, undefined, 'payments', {
      metadata: { labels: { team: 'payments' } },
    });
    h.store.create(
      RESOURCES.secrets,
      tokenSecret('payments', 'vault-token', h.vault.rootToken),
    );
    h.store.create(
      RESOURCES.clusterSecretStores,
      clusterStore('vault', h.vault.url, {
        name: 'vault-token',
        namespace: 'payments',
      }),
    );
    h.vault.engine.putSecret({
      mount: 'secret',
      path: 'platform/canary',
      data: { token: 'c1' },
    });
    await h.advance(0); // store validated before the children exist (no flood-gate race)
    h.store.create(CES, {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterExternalSecret',
      metadata: { name: 'canary' },
      spec: {
        externalSecretName: 'platform-canary',
        externalSecretMetadata: {
          labels: { 'backstage.io/kubernetes-id': 'platform' },
          annotations: { owner: 'platform' },
        },
        namespaceSelectors: [{ matchLabels: { team: 'payments' } }],
        externalSecretSpec: {
          refreshInterval: '1h',
          secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' },
          target: { name: 'platform-canary' },
          data: [
            {
              secretKey: 'token',
              remoteRef: { key: 'platform/canary', property: 'token' },
            },
          ],
        },
      },
    });
    await h.advance(0);
  });
  afterEach(() => h.stop());

  const child = (ns: string) => h.store.get(ES, ns, 'platform-canary');

  it('fans out to selected namespaces with overwritten metadata and reports them', async () => {
    const ces = h.store.get(CES, undefined, 'canary')!;
    expect(ces.status).toEqual({
      externalSecretName: 'platform-canary',
      provisionedNamespaces: ['billing', 'payments'],
      conditions: [{ type: 'Ready', status: 'True' }],
    });
    expect(validateEsoObject(ces)).toEqual({ valid: true, errors: [] });
    expect(child('search')).toBeUndefined();
    const es = child('billing')!;
    expect(es.metadata.labels).toEqual({
      'backstage.io/kubernetes-id': 'platform',
    });
    expect(es.metadata.ownerReferences?.[0]).toMatchObject({
      kind: 'ClusterExternalSecret',
      name: 'canary',
      controller: true,
    });
    expect((es.status as any).conditions[0]).toMatchObject({
      reason: 'SecretSynced',
    });
    expect(
      h.store.get(RESOURCES.namespaces, undefined, 'billing')!.metadata
        .finalizers,
    ).toContain('externalsecrets.external-secrets.io/ces-canary');

    // a hand-made annotation on a child is reverted
    h.store.mergePatch(ES, 'billing', 'platform-canary', {
      metadata: { annotations: { 'force-sync': 'by-hand' } },
    });
    await h.advance(0);
    expect(child('billing')!.metadata.annotations).toEqual({
      owner: 'platform',
    });
  });

  it('mirrors external-secrets.io/force-sync to every child, which then re-syncs', async () => {
    h.vault.engine.putSecret({
      mount: 'secret',
      path: 'platform/canary',
      data: { token: 'c2' },
    });
    h.store.mergePatch(CES, undefined, 'canary', {
      metadata: {
        annotations: { 'external-secrets.io/force-sync': '1754650000' },
      },
    });
    await h.advance(1000);
    for (const ns of ['billing', 'payments']) {
      expect(child(ns)!.metadata.annotations).toEqual({
        owner: 'platform',
        'external-secrets.io/force-sync': '1754650000',
      });
      const data = h.store.get(RESOURCES.secrets, ns, 'platform-canary')!
        .data as any;
      expect(Buffer.from(data.token, 'base64').toString()).toBe('c2');
    }
    h.store.mergePatch(CES, undefined, 'canary', {
      metadata: { annotations: { 'external-secrets.io/force-sync': null } },
    });
    await h.advance(0);
    expect(child('payments')!.metadata.annotations).toEqual({
      owner: 'platform',
    });
  });

  it('follows namespace label changes and reports namespaces it cannot own', async () => {
    h.store.create(ES, {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'platform-canary', namespace: 'search' },
      spec: {
        secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' },
        data: [{ secretKey: 'x', remoteRef: { key: 'platform/canary' } }],
      },
    });
    h.store.mergePatch(RESOURCES.namespaces, undefined, 'search', {
      metadata: { labels: { team: 'payments' } },
    });
    h.store.mergePatch(RESOURCES.namespaces, undefined, 'billing', {
      metadata: { labels: { team: 'other' } },
    });
    await h.advance(0);
    const ces = h.store.get(CES, undefined, 'canary')!;
    expect(ces.status).toEqual({
      externalSecretName: 'platform-canary',
      failedNamespaces: [
        {
          namespace: 'search',
          reason: 'external secret already exists in namespace',
        },
      ],
      provisionedNamespaces: ['payments'],
      conditions: [
        {
          type: 'Ready',
          status: 'False',
          message: 'one or more namespaces failed',
        },
      ],
    });
    expect(child('billing')).toBeUndefined();
    expect(validateEsoObject(ces).valid).toBe(true);
  });
});
