import { ConfigReader } from '@backstage/config';
import { readCanaryConfig } from './readCanaryConfig';

const vault = {
  server: 'vault',
  mount: 'platform',
  path: 'canary',
  key: 'token',
};
const read = (canary: unknown) =>
  readCanaryConfig(new ConfigReader({ secrets: { canary } } as any));

describe('readCanaryConfig', () => {
  it('is undefined without secrets.canary', () => {
    expect(readCanaryConfig(new ConfigReader({}))).toBeUndefined();
  });

  it('reads a ClusterExternalSecret canary with the defaults', () => {
    expect(read({ vault, clusterExternalSecret: 'platform-canary' })).toEqual({
      frequencyMs: 300_000,
      timeoutMs: 120_000,
      vault: {
        server: 'vault',
        namespace: undefined,
        mount: 'platform',
        key: 'canary',
        property: 'token',
      },
      target: { kind: 'ClusterExternalSecret', name: 'platform-canary' },
      clusters: undefined,
    });
  });

  it('reads an ExternalSecret canary, its clusters and a schedule the timeout never exceeds', () => {
    expect(
      read({
        schedule: { seconds: 30 },
        vault: { ...vault, namespace: 'platform-team' },
        externalSecret: { namespace: 'canary', name: 'canary' },
        clusters: ['dev-eu'],
      }),
    ).toMatchObject({
      frequencyMs: 30_000,
      timeoutMs: 30_000,
      vault: { namespace: 'platform-team' },
      target: { kind: 'ExternalSecret', namespace: 'canary', name: 'canary' },
      clusters: ['dev-eu'],
    });
  });

  it('wants exactly one canary object', () => {
    expect(() => read({ vault })).toThrow(
      'set exactly one of externalSecret or clusterExternalSecret',
    );
    expect(() =>
      read({
        vault,
        clusterExternalSecret: 'a',
        externalSecret: { namespace: 'b', name: 'c' },
      }),
    ).toThrow('exactly one');
  });
});
