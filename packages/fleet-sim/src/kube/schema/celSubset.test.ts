import { compileCelRule } from './celSubset';

describe('CEL subset', () => {
  it.each([
    ['has(self.a) || has(self.b)', { a: 1 }, true],
    ['has(self.a) || has(self.b)', {}, false],
    [
      '[has(self.a),has(self.b)].filter(x,x==true).size() <= 1',
      { a: 1, b: 2 },
      false,
    ],
    [
      '[has(self.a),has(self.b),has(self.c)].filter(x,x==true).size() == 1',
      { c: 1 },
      true,
    ],
    [
      "!('esoNamespace' in self) && !('esoStoreName' in self)",
      { other: 'x' },
      true,
    ],
    [
      "!('esoNamespace' in self) && !('esoStoreName' in self)",
      { esoNamespace: 'x' },
      false,
    ],
    ['has(self.value) != has(self.secretRef)', { value: 'x' }, true],
    [
      '!has(self.remoteKey) || !has(self.rewrite) || size(self.rewrite) == 0',
      { remoteKey: 'k', rewrite: [] },
      true,
    ],
    [
      'has(self.storeRef) && (has(self.storeRef.name) || has(self.storeRef.labelSelector))',
      { storeRef: {} },
      false,
    ],
  ])('%s on %j is %s', (rule, self, expected) => {
    expect(compileCelRule(rule)(self)).toBe(expected);
  });

  it('refuses expressions outside the subset instead of ignoring them', () => {
    expect(() => compileCelRule('self.all(x, x > 1)')).toThrow(
      'unsupported CEL',
    );
  });
});
