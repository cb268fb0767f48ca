import { ConfigReader } from '@backstage/config';
import { policyContext } from '../../../__testUtils__/rotationFixtures';
import { readRotationConfig } from '../../../config/readRotationConfig';
import { tenantBoundaryRule } from './tenantBoundary';

const tenant = {
  owner: 'group:default/team-payments',
  vault: [{ server: 'main', paths: ['secret/payments/'] }],
};

describe('tenant-boundary: an owner without a tenant', () => {
  it('is told the config key that would configure one, the key the plugin reads', async () => {
    const verdict = await tenantBoundaryRule([]).evaluate(
      policyContext({ entityOwners: ['group:default/team-payments'] }),
    );
    expect(verdict.outcome).toBe('deny');
    const key = /\((secrets\.[\w.]+)\)/.exec(verdict.message)?.[1];
    expect(key).toBe('secrets.tenants');
    // the named key, written as config, gives the owner a tenant; nothing else does
    const [section, field] = key!.split('.');
    const at = (path: string[], value: unknown): any =>
      path.reduceRight<unknown>((v, p) => ({ [p]: v }), value);
    expect(
      readRotationConfig(new ConfigReader(at([section, field], [tenant])))
        .policy.tenants,
    ).toEqual([expect.objectContaining({ owner: tenant.owner })]);
    expect(
      readRotationConfig(
        new ConfigReader(at(['secrets', 'rotation', 'tenants'], [tenant])),
      ).policy.tenants,
    ).toEqual([]);
  });
});
