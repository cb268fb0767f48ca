import { ResourceCatalog } from '../ResourceCatalog';
import { KubeObject } from '../types';
import { matchesFields, parseFieldSelector } from './fieldSelector';
import {
  fromLabelSelectorObject,
  matchesLabels,
  parseLabelSelector,
} from './labelSelector';

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'gold', count: '3' };
  it.each([
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['missing!=x', true],
    ['tier in (gold,silver)', true],
    ['tier notin (gold)', false],
    ['missing notin (gold)', true],
    ['app', true],
    ['!app', false],
    ['!missing', true],
    ['app=web,tier in (silver)', false],
    ['count>2', true],
    ['count<2', false],
  ])('%j matches %s', (selector, expected) => {
    expect(matchesLabels(parseLabelSelector(selector), labels)).toBe(expected);
  });

  it('rejects malformed selectors with a 400', () => {
    expect(() => parseLabelSelector('app=we b')).toThrow(
      expect.objectContaining({ code: 400 }),
    );
    expect(() => parseLabelSelector('bad key=x')).toThrow(
      expect.objectContaining({ code: 400 }),
    );
  });

  it('converts LabelSelector objects', () => {
    const selector = fromLabelSelectorObject({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'NotIn', values: ['bronze'] },
      ],
    });
    expect(matchesLabels(selector, labels)).toBe(true);
    expect(matchesLabels(selector, { app: 'web', tier: 'bronze' })).toBe(false);
  });
});

describe('field selectors', () => {
  const catalog = new ResourceCatalog('v1');
  const es = catalog.require({
    group: 'external-secrets.io',
    resource: 'externalsecrets',
  });
  const events = catalog.require({ group: '', resource: 'events' });
  const obj: KubeObject = {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name: 'db', namespace: 'payments' },
    spec: {
      secretStoreRef: { name: 'vault', kind: 'SecretStore' },
      refreshInterval: '1h0m0s',
    },
  };

  it.each([
    ['metadata.name=db', true],
    ['metadata.namespace==payments', true],
    ['metadata.name!=db', false],
    [
      'spec.secretStoreRef.name=vault,spec.secretStoreRef.kind=SecretStore',
      true,
    ],
    ['spec.target.name=', true],
    ['spec.refreshInterval=1h0m0s', true],
  ])('%j matches %s on an ExternalSecret', (selector, expected) => {
    expect(matchesFields(parseFieldSelector(selector, es), obj)).toBe(expected);
  });

  it('supports only the fields the resource declares', () => {
    expect(() => parseFieldSelector('spec.data=x', es)).toThrow(
      'field label not supported: spec.data',
    );
    expect(
      parseFieldSelector('involvedObject.name=db,reason=Updated', events),
    ).toHaveLength(2);
  });
});
