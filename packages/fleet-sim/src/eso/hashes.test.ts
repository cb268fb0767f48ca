import { formatGoValue, objectHash } from './go/goFormat';
import {
  metaHash,
  ownerLabelValue,
  resourceVersionOf,
  secretDataHash,
} from './hashes';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('ESO hashes', () => {
  it('matches the syncedResourceVersion example of the reference (force-sync annotation)', () => {
    const meta = {
      generation: 3,
      annotations: { 'force-sync': '1754650000' },
      labels: {},
    };
    expect(
      formatGoValue({
        kind: 'struct',
        fields: [
          ['annotations', { kind: 'stringMap', value: meta.annotations }],
          ['labels', { kind: 'stringMap', value: meta.labels }],
        ],
      }),
    ).toBe('{annotations:map[force-sync:1754650000] labels:map[]}');
    expect(resourceVersionOf(meta)).toBe(
      '3-0d0c8bf553430ba46ff4bf13f2d9f1701d3b72b86a4c301aeb2f0c8a',
    );
  });

  it('treats nil and empty maps alike, as fmt does', () => {
    expect(metaHash({})).toBe(metaHash({ annotations: {}, labels: {} }));
  });

  it('changes with any label or annotation', () => {
    const base = { generation: 1, labels: { a: '1' } };
    expect(resourceVersionOf(base)).not.toBe(
      resourceVersionOf({ ...base, annotations: { x: 'y' } }),
    );
    expect(resourceVersionOf(base)).not.toBe(
      resourceVersionOf({ ...base, labels: { a: '2' } }),
    );
  });

  // vectors from ESO v2.9.0 runtime/esutils/utils_test.go TestObjectHash
  it('reproduces ESO TestObjectHash vectors', () => {
    expect(objectHash({ kind: 'string', value: 'hello there' })).toBe(
      'f78681ec611ebaeea0689bff6c7812a83ff98a7faba986d9af76c999',
    );
    expect(secretDataHash({ foo: b64('value1'), bar: b64('value2') })).toBe(
      '1bed8bcbcb4547ffe19a19cd47d9078e84aa6598266d86b99f992d64',
    );
  });

  it('sorts map keys by bytes and prints byte slices as decimal lists', () => {
    expect(
      formatGoValue({
        kind: 'bytesMap',
        value: { b: Buffer.from('1'), a: Buffer.from('') },
      }),
    ).toBe('map[a:[] b:[49]]');
    expect(
      formatGoValue({
        kind: 'stringMap',
        value: { B: 'x', a: 'y', 'a.b': 'z' },
      }),
    ).toBe('map[B:x a:y a.b:z]');
  });

  it('hashes the created-by label from "namespace/name"', () => {
    expect(ownerLabelValue('payments', 'db')).toBe(
      objectHash({ kind: 'string', value: 'payments/db' }),
    );
    expect(ownerLabelValue('payments', 'db')).toHaveLength(56);
  });
});
