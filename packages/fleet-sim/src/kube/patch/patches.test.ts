import { applyJsonMergePatch } from './jsonMergePatch';
import { applyJsonPatch } from './jsonPatch';
import { applyStrategicMergePatch } from './strategicMergePatch';

describe('JSON merge patch (RFC 7386)', () => {
  it('merges maps, deletes on null and replaces lists', () => {
    const target = { a: { b: 1, c: 2 }, list: [1, 2], keep: true };
    expect(
      applyJsonMergePatch(target, { a: { b: null, d: 3 }, list: [3] }),
    ).toEqual({ a: { c: 2, d: 3 }, list: [3], keep: true });
    expect(target.a).toEqual({ b: 1, c: 2 });
  });
});

describe('JSON patch (RFC 6902)', () => {
  const doc = { spec: { list: ['a', 'b'], value: 1 } };
  it('applies add/remove/replace/move/copy/test', () => {
    expect(
      applyJsonPatch(doc, [
        { op: 'add', path: '/spec/list/-', value: 'c' },
        { op: 'remove', path: '/spec/list/0' },
        { op: 'replace', path: '/spec/value', value: 2 },
        { op: 'copy', from: '/spec/value', path: '/spec/copy' },
        { op: 'move', from: '/spec/copy', path: '/moved' },
        { op: 'test', path: '/moved', value: 2 },
      ]),
    ).toEqual({ spec: { list: ['b', 'c'], value: 2 }, moved: 2 });
  });
  it('fails with the evanphx/json-patch wording', () => {
    expect(() =>
      applyJsonPatch(doc, [{ op: 'remove', path: '/spec/nope' }]),
    ).toThrow(
      expect.objectContaining({
        name: 'JsonPatchApplyError',
        message:
          'remove operation does not apply: doc is missing path: "/spec/nope": missing value',
      }),
    );
    expect(() =>
      applyJsonPatch(doc, [{ op: 'test', path: '/spec/value', value: 5 }]),
    ).toThrow('testing value /spec/value failed: test failed');
  });
});

describe('strategic merge patch', () => {
  const deployment = {
    metadata: { finalizers: ['a'] },
    spec: {
      paused: true,
      template: {
        metadata: { annotations: { keep: 'yes' } },
        spec: {
          containers: [
            { name: 'app', image: 'v1', env: [{ name: 'A', value: '1' }] },
            { name: 'sidecar', image: 's1' },
          ],
        },
      },
    },
  };

  it('adds the rollout restart annotation next to existing ones', () => {
    const patched: any = applyStrategicMergePatch(deployment, {
      spec: {
        template: {
          metadata: {
            annotations: {
              'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:00Z',
            },
          },
        },
      },
    });
    expect(patched.spec.template.metadata.annotations).toEqual({
      keep: 'yes',
      'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:00Z',
    });
    expect(patched.spec.template.spec.containers).toHaveLength(2);
  });

  it('merges lists by their merge key and honours directives', () => {
    const patched: any = applyStrategicMergePatch(deployment, {
      metadata: { finalizers: ['b'] },
      spec: {
        paused: null,
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'app' }],
            containers: [
              { name: 'app', env: [{ name: 'B', value: '2' }] },
              { name: 'sidecar', $patch: 'delete' },
            ],
          },
        },
      },
    });
    expect(patched.metadata.finalizers).toEqual(['a', 'b']);
    expect(patched.spec.paused).toBeUndefined();
    expect(patched.spec.template.spec.containers).toEqual([
      {
        name: 'app',
        image: 'v1',
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
        ],
      },
    ]);
    const replaced: any = applyStrategicMergePatch(deployment, {
      spec: {
        template: { metadata: { $patch: 'replace', labels: { x: 'y' } } },
      },
    });
    expect(replaced.spec.template.metadata).toEqual({ labels: { x: 'y' } });
  });
});
