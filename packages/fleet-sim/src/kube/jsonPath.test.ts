import { evaluateJsonPath } from './jsonPath';

describe('printer column JSONPath', () => {
  const obj = {
    status: {
      conditions: [
        { type: 'Other', status: 'False' },
        { type: 'Ready', status: 'True', reason: 'SecretSynced' },
      ],
    },
    spec: { list: [1, 2] },
  };
  it.each([
    ['.status.conditions[?(@.type=="Ready")].reason', ['SecretSynced']],
    ['.status.conditions[0].type', ['Other']],
    ['.spec.list[*]', [1, 2]],
    ['.spec.missing', []],
  ])('%s', (path, expected) => {
    expect(evaluateJsonPath(obj, path)).toEqual(expected);
  });
});
