import { admitCustomResource, validateEsoObject } from './esoSchemas';
import { KubeObject } from '../types';

const externalSecret = (
  spec: Record<string, unknown>,
  status?: unknown,
): KubeObject => ({
  apiVersion: 'external-secrets.io/v1',
  kind: 'ExternalSecret',
  metadata: { name: 'db-creds', namespace: 'payments' },
  spec,
  ...(status ? { status } : {}),
});

const vaultStore = (vault: Record<string, unknown>): KubeObject => ({
  apiVersion: 'external-secrets.io/v1',
  kind: 'SecretStore',
  metadata: { name: 'vault', namespace: 'payments' },
  spec: { provider: { vault } },
});

describe('ESO CRD schemas', () => {
  it('accepts a demo-like ExternalSecret with status', () => {
    const es = externalSecret(
      {
        refreshInterval: '1h0m0s',
        refreshPolicy: 'Periodic',
        secretStoreRef: { name: 'vault', kind: 'SecretStore' },
        target: {
          name: 'db-creds',
          creationPolicy: 'Owner',
          deletionPolicy: 'Retain',
        },
        data: [
          {
            secretKey: 'password',
            remoteRef: { key: 'payments/db', property: 'password' },
          },
        ],
      },
      {
        refreshTime: '2026-01-01T00:00:00Z',
        syncedResourceVersion: '1-abc',
        binding: { name: 'db-creds' },
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'SecretSynced',
            message: 'secret synced',
            lastTransitionTime: '2026-01-01T00:00:00Z',
          },
        ],
      },
    );
    expect(validateEsoObject(es)).toEqual({ valid: true, errors: [] });
  });

  it('accepts a Vault SecretStore with Kubernetes auth', () => {
    const store = vaultStore({
      server: 'http://127.0.0.1:8200',
      path: 'secret',
      version: 'v2',
      auth: {
        kubernetes: {
          mountPath: 'kubernetes',
          role: 'eso',
          serviceAccountRef: { name: 'eso' },
        },
      },
    });
    expect(validateEsoObject(store)).toEqual({ valid: true, errors: [] });
  });

  it('reports enum, required, type and unknown-field errors with field paths', () => {
    const es = externalSecret({
      refreshPolicy: 'Sometimes',
      refreshInterval: 5,
      secretStoreRef: { name: 'vault', kind: 'Vault' },
      data: [{ remoteRef: { key: 'k' }, bogus: true }],
    });
    const { valid, errors } = validateEsoObject(es);
    expect(valid).toBe(false);
    expect(errors).toEqual(
      expect.arrayContaining([
        'spec.data[0].bogus: unknown field',
        'spec.refreshPolicy: Unsupported value: "Sometimes": supported values: "CreatedOnce", "Periodic", "OnChange"',
        'spec.refreshInterval: Invalid value: "integer": spec.refreshInterval in body must be of type string: "integer"',
        'spec.data[0].secretKey: Required value',
        'spec.secretStoreRef.kind: Unsupported value: "Vault": supported values: "SecretStore", "ClusterSecretStore"',
      ]),
    );
  });

  it('evaluates the CRDs x-kubernetes-validations (CEL) rules', () => {
    const store = vaultStore({});
    (store.spec as any).provider = {
      openBao: {
        server: 'http://bao',
        caBundle: 'YWJj',
        caProvider: { type: 'Secret', name: 'ca', key: 'ca.crt' },
        auth: {
          tokenSecretRef: { name: 'token', key: 'token' },
          userPass: { username: 'u', secretRef: { name: 'p', key: 'p' } },
        },
      },
    };
    expect(validateEsoObject(store).errors).toEqual([
      'spec.provider.openBao.auth: Invalid value: "object": exactly one of the fields in [appRole tokenSecretRef userPass] must be set',
      'spec.provider.openBao: Invalid value: "object": at most one of the fields in [caBundle caProvider] may be set',
    ]);
  });

  // secretStoreRef.kind "SecretStore" is a controller-side default (Go code), not a schema default:
  // the real API server leaves it unset, and so do we.
  it('applies schema defaults like the API server', () => {
    const es = externalSecret({
      secretStoreRef: { name: 'vault' },
      target: {},
      data: [],
    });
    const check = admitCustomResource(es, 'ExternalSecret', 'v1');
    expect(check.causes).toEqual([]);
    expect(es.spec).toMatchObject({
      refreshInterval: '1h0m0s',
      secretStoreRef: { name: 'vault' },
      target: { creationPolicy: 'Owner', deletionPolicy: 'Retain' },
    });
    expect((es.spec as any).secretStoreRef).toEqual({ name: 'vault' });
  });

  it('accepts an integer or a duration string for the SecretStore refreshInterval', () => {
    const base = {
      server: 'http://vault',
      auth: { tokenSecretRef: { name: 't', key: 'k' } },
    };
    for (const refreshInterval of [60, '5m']) {
      const store = vaultStore(base);
      (store.spec as Record<string, unknown>).refreshInterval = refreshInterval;
      expect(validateEsoObject(store).errors).toEqual([]);
    }
    const bad = vaultStore(base);
    (bad.spec as Record<string, unknown>).refreshInterval = { minutes: 5 };
    // like upstream pruning, the undeclared `minutes` is dropped and the remaining {} fails the type
    expect(validateEsoObject(bad).errors).toEqual([
      'spec.refreshInterval.minutes: unknown field',
      'spec.refreshInterval: Invalid value: "object": spec.refreshInterval in body must be of type integer,string: "object"',
    ]);
  });

  it('validates v1beta1 and PushSecret v1alpha1 objects against their own schemas', () => {
    const old = {
      ...externalSecret({ secretStoreRef: { name: 'vault' } }),
      apiVersion: 'external-secrets.io/v1beta1',
    };
    expect(validateEsoObject(old).valid).toBe(true);
    const push: KubeObject = {
      apiVersion: 'external-secrets.io/v1alpha1',
      kind: 'PushSecret',
      metadata: { name: 'p', namespace: 'payments' },
      spec: {
        secretStoreRefs: [{ name: 'vault', kind: 'SecretStore' }],
        selector: { secret: { name: 'source' } },
        data: [
          {
            match: {
              secretKey: 'k',
              remoteRef: { remoteKey: 'payments/pushed' },
            },
          },
        ],
      },
    };
    expect(validateEsoObject(push)).toEqual({ valid: true, errors: [] });
    expect(
      validateEsoObject({ ...push, apiVersion: 'external-secrets.io/v9' })
        .valid,
    ).toBe(false);
  });
});
