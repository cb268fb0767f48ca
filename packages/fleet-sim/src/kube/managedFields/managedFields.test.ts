import { SimClock } from '../../clock/SimClock';
import { InMemoryClusterStore } from '../store/InMemoryClusterStore';
import { FieldSet, pathString } from './fieldSet';
import { prefixFromUserAgent } from './fieldManagerName';

const SECRETS = { group: '', resource: 'secrets' };
const DEPLOY = { group: 'apps', resource: 'deployments' };

describe('FieldSet', () => {
  it('round-trips FieldsV1 with `.` for members that have children, in PathElement order', () => {
    const encoded = {
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': {
        'f:ports': {
          'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {} },
        },
        'f:finalizers': { 'v:"a"': {} },
        'f:list': { 'i:10': {}, 'i:2': {} },
      },
    };
    const set = FieldSet.fromFieldsV1(encoded);
    const out = set.toFieldsV1() as any;
    expect(Object.keys(out['f:spec'])).toEqual([
      'f:finalizers',
      'f:list',
      'f:ports',
    ]);
    expect(Object.keys(out['f:spec']['f:list'])).toEqual(['i:2', 'i:10']);
    expect(out).toEqual(encoded);
  });

  it('prints paths the way conflicts name them', () => {
    expect(
      pathString([
        'f:spec',
        'f:template',
        'f:spec',
        'f:containers',
        'k:{"name":"app"}',
        'f:image',
      ]),
    ).toBe('.spec.template.spec.containers[name="app"].image');
    expect(pathString(['f:ports', 'k:{"port":80,"protocol":"TCP"}'])).toBe(
      '.ports[port=80,protocol="TCP"]',
    );
    expect(pathString(['f:metadata', 'f:finalizers', 'v:"x"'])).toBe(
      '.metadata.finalizers[="x"]',
    );
  });

  it('rejects unknown path elements', () => {
    expect(() => FieldSet.fromFieldsV1({ 'x:y': {} })).toThrow(
      'unknown path element prefix',
    );
  });
});

describe('prefixFromUserAgent', () => {
  it('takes the product before the first slash, printable characters only', () => {
    expect(
      prefixFromUserAgent('kubectl/v1.20.2 (linux/amd64) kubernetes/faecb19'),
    ).toBe('kubectl');
    expect(prefixFromUserAgent('my\u0007agent/1')).toBe('myagent');
    expect(prefixFromUserAgent('x'.repeat(200))).toHaveLength(128);
    expect(prefixFromUserAgent(undefined)).toBe('');
  });
});

describe('managedFields on in-process writes', () => {
  let clock: SimClock;
  let store: InMemoryClusterStore;
  beforeEach(() => {
    clock = new SimClock({ scale: 1 });
    store = new InMemoryClusterStore({ name: 't', clock });
  });
  afterEach(() => clock.dispose());

  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's', namespace: 'default', labels: { app: 'x' } },
    data: { a: 'Yg==' },
    type: 'Opaque',
  };

  it('records the creating manager in the structured-merge-diff encoding', () => {
    const created = store.create(SECRETS, secret, {
      fieldManager: 'kubectl-create',
    });
    expect(created.metadata.managedFields).toEqual([
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'v1',
        time: clock.nowRfc3339(),
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:data': { '.': {}, 'f:a': {} },
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:type': {},
        },
      },
    ]);
  });

  it('moves changed fields to the updating manager and drops removed ones', () => {
    const created = store.create(SECRETS, secret, { fieldManager: 'creator' });
    const updated = store.update(
      SECRETS,
      {
        ...created,
        data: { a: 'Yw==' },
        metadata: { ...created.metadata, labels: { team: 'x' } },
      },
      { fieldManager: 'rotator' },
    );
    expect(
      updated.metadata.managedFields!.map(e => [e.manager, e.fieldsV1]),
    ).toEqual([
      // the maps "creator" added stay its own; their changed keys move
      [
        'creator',
        {
          'f:data': {},
          'f:metadata': { 'f:labels': {} },
          'f:type': {},
        },
      ],
      [
        'rotator',
        {
          'f:data': { 'f:a': {} },
          'f:metadata': { 'f:labels': { 'f:team': {} } },
        },
      ],
    ]);
    const noop = store.update(SECRETS, updated, { fieldManager: 'third' });
    expect(noop.metadata.resourceVersion).toBe(
      updated.metadata.resourceVersion,
    );
  });

  it('keeps the zero value of typed kinds out of a create and owns the defaults', () => {
    const created = store.create(
      DEPLOY,
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: 'default' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'app', image: 'nginx' }] },
          },
        },
      },
      { fieldManager: 'kubectl-create' },
    );
    const fields = created.metadata.managedFields![0].fieldsV1 as any;
    expect(fields['f:spec']['.']).toBeUndefined();
    expect(fields['f:spec']['f:selector']).toEqual({});
    expect(fields['f:spec']['f:template']['f:spec']).toEqual({
      'f:containers': {
        'k:{"name":"app"}': {
          '.': {},
          'f:image': {},
          'f:imagePullPolicy': {},
          'f:name': {},
          'f:resources': {},
          'f:terminationMessagePath': {},
          'f:terminationMessagePolicy': {},
        },
      },
      'f:dnsPolicy': {},
      'f:restartPolicy': {},
      'f:schedulerName': {},
      'f:securityContext': {},
      'f:terminationGracePeriodSeconds': {},
    });
  });
});
