import { ConfigReader } from '@backstage/config';
import { readSecretsConfig } from './readSecretsConfig';

describe('readSecretsConfig', () => {
  it('reads clusters, Vault servers and defaults', () => {
    const config = readSecretsConfig(
      new ConfigReader({
        secrets: {
          clusters: [
            {
              name: 'prod-eu',
              url: 'https://10.0.0.1:6443/',
              environment: 'prod',
              serviceAccountToken: 't',
              caData: 'Y2E=',
            },
          ],
          vault: [
            {
              name: 'vault',
              url: 'https://vault.example.com:8200/',
              auth: { type: 'approle', roleId: 'r', secretId: 's' },
              namespaces: [
                {
                  namespace: 'team-search',
                  auth: { type: 'token', token: 'x' },
                },
              ],
            },
          ],
        },
      }),
    );
    expect(config.clusters).toEqual([
      expect.objectContaining({
        name: 'prod-eu',
        url: 'https://10.0.0.1:6443',
        environment: 'prod',
        auth: { type: 'serviceAccount', token: 't', tokenFile: undefined },
        caData: 'Y2E=',
        skipTLSVerify: false,
      }),
    ]);
    expect(config.vault[0]).toEqual(
      expect.objectContaining({
        url: 'https://vault.example.com:8200',
        backendUrl: 'https://vault.example.com:8200',
        auth: {
          type: 'approle',
          mountPath: 'approle',
          roleId: 'r',
          secretId: 's',
        },
        namespaces: [
          { namespace: 'team-search', auth: { type: 'token', token: 'x' } },
        ],
      }),
    );
    expect(config.cache).toEqual({
      maxBackoffMs: 30_000,
      discoveryIntervalMs: 300_000,
      staleMarginMs: 300_000,
    });
  });

  it('adds the Kubernetes plugin clusters that use server-side credentials', () => {
    const config = readSecretsConfig(
      new ConfigReader({
        secrets: { clusters: [{ name: 'a', url: 'https://a:6443' }] },
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                {
                  name: 'a',
                  url: 'https://other:6443',
                  serviceAccountToken: 'x',
                },
                { name: 'b', url: 'https://b:6443', serviceAccountToken: 'y' },
                { name: 'c', url: 'https://c:6443', authProvider: 'oidc' },
              ],
            },
            { type: 'catalog' },
          ],
        },
      }),
    );
    expect(config.clusters.map(c => [c.name, c.url, c.source])).toEqual([
      ['a', 'https://a:6443', 'secrets.clusters'],
      ['b', 'https://b:6443', 'kubernetes.clusterLocatorMethods'],
    ]);
  });

  it.each([
    [
      { clusters: [{ name: 'x', url: 'ftp://x' }] },
      /secrets\.clusters\[0\]\.url/,
    ],
    [
      { clusters: [{ name: 'x y', url: 'https://x' }] },
      /secrets\.clusters\[0\]\.name/,
    ],
    [
      { clusters: [{ name: 'x', url: 'https://x', authProvider: 'magic' }] },
      /secrets\.clusters\[0\]\.authProvider/,
    ],
    [
      { clusters: [{ name: 'x', url: 'https://x', caData: 'a', caFile: 'b' }] },
      /caData or caFile/,
    ],
    [
      {
        clusters: [
          { name: 'x', url: 'https://x' },
          { name: 'x', url: 'https://y' },
        ],
      },
      /duplicate cluster name 'x'/,
    ],
    [
      { vault: [{ name: 'v', url: 'https://v', auth: { type: 'ldap' } }] },
      /secrets\.vault\[0\]\.auth\.type/,
    ],
    [{ cache: { maxBackoff: 'soon' } }, /secrets\.cache\.maxBackoff/],
    [
      {
        vault: [
          {
            name: 'v',
            url: 'https://v',
            auth: { type: 'token', token: 't' },
            healthCheckInterval: '0s',
          },
        ],
      },
      /secrets\.vault\[0\]\.healthCheckInterval: must be longer than 0/,
    ],
    [{ revalidate: { watchFor: 'a bit' } }, /secrets\.revalidate\.watchFor/],
  ])('rejects invalid config %#', (secrets, message) => {
    expect(() => readSecretsConfig(new ConfigReader({ secrets }))).toThrow(
      message,
    );
  });

  it('reads durations in both forms', () => {
    const config = readSecretsConfig(
      new ConfigReader({
        secrets: {
          cache: {
            maxBackoff: '45s',
            staleMargin: { minutes: 2 },
            discoveryInterval: '90s',
          },
        },
      }),
    );
    expect(config.cache).toEqual({
      maxBackoffMs: 45_000,
      discoveryIntervalMs: 90_000,
      staleMarginMs: 120_000,
    });
  });

  it('checks Vault health every 30 s and watches revalidated secrets for 10 s by default', () => {
    const config = readSecretsConfig(
      new ConfigReader({
        secrets: {
          vault: [
            {
              name: 'a',
              url: 'https://a',
              auth: { type: 'token', token: 't' },
            },
            {
              name: 'b',
              url: 'https://b',
              auth: { type: 'token', token: 't' },
              healthCheckInterval: { seconds: 5 },
            },
          ],
        },
      }),
    );
    expect(config.vault.map(v => v.healthCheckIntervalMs)).toEqual([
      30_000, 5_000,
    ]);
    expect(config.revalidate).toEqual({ watchForMs: 10_000 });
    expect(
      readSecretsConfig(
        new ConfigReader({ secrets: { revalidate: { watchFor: '3s' } } }),
      ).revalidate,
    ).toEqual({ watchForMs: 3_000 });
  });
});
