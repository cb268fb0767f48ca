import { InMemoryClusterStore } from '../../kube/store/InMemoryClusterStore';
import { KubeApiError, type KubeObject } from '../../kube/types';
import { statusBody } from '../../kube/apiErrors';
import { RESOURCES } from '../constants';
import { ManualClock } from '../testing/ManualClock';
import { unregisterValidatingWebhook } from '../../kube/store/validatingWebhooks';
import {
  ESO_WEBHOOKS,
  registerEsoAdmissionWebhooks,
} from './esoAdmissionWebhook';

const ES = RESOURCES.externalSecrets;
const SS = RESOURCES.secretStores;
const CSS = RESOURCES.clusterSecretStores;
const ES_HOOK =
  'admission webhook "validate.externalsecret.external-secrets.io" denied the request';

function es(spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name: 'db', namespace: 'payments' },
    spec: {
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' },
      data: [{ secretKey: 'password', remoteRef: { key: 'payments/db' } }],
      ...spec,
    },
  };
}

function store(kind: 'SecretStore' | 'ClusterSecretStore', spec: object) {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind,
    metadata:
      kind === 'SecretStore'
        ? { name: 'vault', namespace: 'payments' }
        : { name: 'vault' },
    spec,
  };
}

const vault = (auth: object, extra: object = {}) => ({
  provider: {
    vault: { server: 'http://vault:8200', path: 'secret', auth, ...extra },
  },
});

describe("ESO's validating admission webhooks", () => {
  let clock: ManualClock;
  let cluster: InMemoryClusterStore;
  beforeAll(() => registerEsoAdmissionWebhooks());
  beforeEach(() => {
    clock = new ManualClock();
    cluster = new InMemoryClusterStore({ name: 't', clock });
    cluster.create(RESOURCES.namespaces, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'payments' },
    });
  });
  afterEach(() => clock.dispose());

  const rejection = (write: () => unknown) => {
    try {
      write();
    } catch (error) {
      if (error instanceof KubeApiError) return statusBody(error);
      throw error;
    }
    throw new Error('the write was admitted');
  };

  it('answers 400 without a reason when a duration does not decode (the CRD accepts any string)', () => {
    expect(
      rejection(() => cluster.create(ES, es({ refreshInterval: 'banana' }))),
    ).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `${ES_HOOK}: time: invalid duration "banana"`,
      code: 400,
    });
    expect(
      rejection(() =>
        cluster.create(
          ES,
          es({
            syncWindows: {
              kind: 'deny',
              windows: [{ schedule: '0 22 * * *', duration: '8 hours' }],
            },
          }),
        ),
      ).message,
    ).toBe(`${ES_HOOK}: time: unknown unit " hours" in duration "8 hours"`);
  });

  it('denies (403 Forbidden) an ExternalSecret with neither data nor dataFrom', () => {
    expect(rejection(() => cluster.create(ES, es({ data: [] })))).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `${ES_HOOK}: either data or dataFrom should be specified`,
      reason: 'Forbidden',
      code: 403,
    });
  });

  it('joins every failed check, one per line, in the validator order', () => {
    const body = rejection(() =>
      cluster.create(
        ES,
        es({
          target: {
            creationPolicy: 'Merge',
            deletionPolicy: 'Delete',
            template: {
              type: 'bootstrap.kubernetes.io/token',
              templateFrom: [{ target: 'type', literal: 'x' }],
            },
          },
          data: [
            { secretKey: 'a', remoteRef: { key: 'k' } },
            { secretKey: 'a', remoteRef: { key: 'k2' } },
          ],
          dataFrom: [
            { extract: { key: 'x' }, find: { name: { regexp: '.*' } } },
            {},
          ],
        }),
      ),
    );
    expect(body.message).toBe(
      `${ES_HOOK}: ${[
        "deletionPolicy=Delete must not be used when the controller doesn't own the secret. Please set creationPolicy=Owner",
        'template.type="bootstrap.kubernetes.io/token" is not allowed',
        'templateFrom target="type" is not allowed when targeting a Secret, must be one of "Data", "Annotations" or "Labels"',
        'extract, find, or generatorRef cannot be set at the same time',
        'either extract, find, or sourceRef must be set to dataFrom',
      ].join('\n')}`,
    );
  });

  it('checks duplicate keys only with deletionPolicy Retain (the CRD default)', () => {
    const data = [
      { secretKey: 'a', remoteRef: { key: 'k' } },
      { secretKey: 'a', remoteRef: { key: 'k2' } },
    ];
    expect(rejection(() => cluster.create(ES, es({ data }))).message).toBe(
      `${ES_HOOK}: duplicate secretKey found: a`,
    );
    expect(() =>
      cluster.create(ES, es({ data, target: { deletionPolicy: 'Delete' } })),
    ).not.toThrow();
  });

  it('validates updates of the resource but not of its status subresource', () => {
    const created = cluster.create(ES, es({}));
    expect(
      rejection(() =>
        cluster.update(ES, {
          ...created,
          spec: { ...(created.spec as object), data: [] },
        }),
      ).message,
    ).toBe(`${ES_HOOK}: either data or dataFrom should be specified`);
    expect(() => cluster.delete(ES, 'payments', 'db')).not.toThrow();
  });

  it('does not match /status writes (ESO can still report on an object the webhook would deny)', () => {
    // an object from before the webhook was installed
    ESO_WEBHOOKS.forEach(w => unregisterValidatingWebhook(w.name));
    const legacy = cluster.create(ES, es({ data: [] }));
    registerEsoAdmissionWebhooks();
    const reported = cluster.updateStatus(ES, {
      ...legacy,
      status: { refreshTime: null },
    });
    expect(
      rejection(() =>
        cluster.update(ES, {
          ...reported,
          metadata: { ...reported.metadata, labels: { a: 'b' } },
        }),
      ).message,
    ).toBe(`${ES_HOOK}: either data or dataFrom should be specified`);
  });

  it('checks the schema before the webhook (422 first)', () => {
    expect(
      rejection(() =>
        cluster.create(ES, es({ data: [], refreshPolicy: 'Sometimes' })),
      ).code,
    ).toBe(422);
  });

  it('denies stores with a bad refreshInterval, namespace regex or secret namespace', () => {
    const ssHook =
      'admission webhook "validate.secretstore.external-secrets.io" denied the request';
    const cssHook =
      'admission webhook "validate.clustersecretstore.external-secrets.io" denied the request';
    const token = { tokenSecretRef: { name: 't', key: 'token' } };
    expect(
      rejection(() =>
        cluster.create(
          SS,
          store('SecretStore', { ...vault(token), refreshInterval: 'banana' }),
        ),
      ),
    ).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message: `${ssHook}: invalid refreshInterval "banana": time: invalid duration "banana"`,
    });
    expect(
      rejection(() =>
        cluster.create(
          SS,
          store(
            'SecretStore',
            vault({
              tokenSecretRef: { name: 't', key: 'token', namespace: 'other' },
            }),
          ),
        ),
      ).message,
    ).toBe(
      `${ssHook}: invalid Auth.TokenSecretRef: namespace should either be empty or match the namespace of the SecretStore for a namespaced SecretStore`,
    );
    expect(
      rejection(() =>
        cluster.create(
          CSS,
          store('ClusterSecretStore', {
            ...vault(token),
            conditions: [{ namespaceRegexes: ['team-(a|b'] }],
          }),
        ),
      ).message,
    ).toBe(
      `${cssHook}: failed to compile 0th namespace regex in 0th condition: error parsing regexp: missing closing ): \`team-(a|b\``,
    );
    expect(
      rejection(() =>
        cluster.create(
          CSS,
          store(
            'ClusterSecretStore',
            vault({
              appRole: { path: 'approle', secretRef: { name: 's', key: 'k' } },
            }),
          ),
        ),
      ).message,
    ).toBe(
      `${cssHook}: invalid Auth.AppRole: neither \`roleId\` nor \`roleRef\` was supplied`,
    );
    // a ClusterSecretStore may name any namespace
    expect(() =>
      cluster.create(
        CSS,
        store(
          'ClusterSecretStore',
          vault({
            tokenSecretRef: { name: 't', key: 'token', namespace: 'other' },
          }),
        ),
      ),
    ).not.toThrow();
  });
});
