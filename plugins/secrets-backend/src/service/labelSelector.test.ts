import { parseLabelSelector } from './labelSelector';

describe('parseLabelSelector', () => {
  const labels = { app: 'api', tier: 'web', env: 'prod' };
  it.each([
    ['app=api', true],
    ['app==api,tier=web', true],
    ['app=api,tier=db', false],
    ['tier!=db', true],
    ['env in (prod, staging)', true],
    ['env notin (prod)', false],
    ['app', true],
    ['!legacy', true],
    ['!app', false],
    ['app=api,env in (dev,prod),!legacy', true],
  ])('%s matches: %s', (selector, expected) =>
    expect(parseLabelSelector(selector)(labels)).toBe(expected),
  );

  it('throws on a requirement it cannot read', () => {
    expect(() => parseLabelSelector('app >> api')).toThrow(/cannot parse/);
  });
});
