import { KubeApiError } from '../../kube/types';
import { RESOURCES } from '../constants';
import { externalSecret, startEsoHarness } from '../testing/esoHarness';

describe('ESO stopped (controller scaled to zero)', () => {
  it('still has its webhook deny invalid ExternalSecrets: the webhook is its own Deployment', async () => {
    const h = await startEsoHarness();
    h.eso.stop();
    try {
      let error: unknown;
      try {
        h.store.create(
          RESOURCES.externalSecrets,
          externalSecret('db', { refreshInterval: 'banana' }),
        );
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(KubeApiError);
      expect((error as KubeApiError).message).toBe(
        'admission webhook "validate.externalsecret.external-secrets.io" denied the request: time: invalid duration "banana"',
      );
    } finally {
      await h.stop();
    }
  });
});
