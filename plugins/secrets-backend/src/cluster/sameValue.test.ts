import { sameValue } from './sameValue';

describe('sameValue', () => {
  it('compares projections deeply', () => {
    const es = () => ({
      name: 'a',
      labels: { app: 'x' },
      vaultRefs: [{ key: 'k', property: 'p', version: undefined }],
      ready: { status: 'True' },
    });
    expect(sameValue(es(), es())).toBe(true);
    expect(sameValue(es(), { ...es(), labels: { app: 'y' } })).toBe(false);
    expect(sameValue(es(), { ...es(), vaultRefs: [] })).toBe(false);
    expect(
      sameValue(es(), { ...es(), vaultRefs: [{ key: 'k', property: 'q' }] }),
    ).toBe(false);
    expect(sameValue(es(), { ...es(), extra: 1 })).toBe(false);
  });

  it('tells arrays, objects, undefined and primitives apart', () => {
    expect(sameValue([], {})).toBe(false);
    expect(sameValue({}, [])).toBe(false);
    expect(sameValue(undefined, {})).toBe(false);
    expect(sameValue(null, null)).toBe(true);
    expect(sameValue(1, '1')).toBe(false);
    expect(sameValue({ a: undefined }, { b: undefined })).toBe(false);
  });
});
