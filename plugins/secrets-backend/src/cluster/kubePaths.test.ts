import { appsPath, corePath, esoPath } from './kubePaths';

describe('kubePaths', () => {
  it('builds namespaced, cluster-scoped and collection paths', () => {
    expect(esoPath('v1', 'externalsecrets', 'ns', 'db')).toBe(
      '/apis/external-secrets.io/v1/namespaces/ns/externalsecrets/db',
    );
    expect(esoPath('v1beta1', 'clustersecretstores', undefined, 'vault')).toBe(
      '/apis/external-secrets.io/v1beta1/clustersecretstores/vault',
    );
    expect(corePath('secrets')).toBe('/api/v1/secrets');
    expect(appsPath('statefulsets', 'ns', 'db')).toBe(
      '/apis/apps/v1/namespaces/ns/statefulsets/db',
    );
  });

  it('encodes each segment, so a name cannot reach another path', () => {
    expect(appsPath('deployments', 'ns', '../../secrets/x?watch=1')).toBe(
      '/apis/apps/v1/namespaces/ns/deployments/..%2F..%2Fsecrets%2Fx%3Fwatch%3D1',
    );
  });
});
