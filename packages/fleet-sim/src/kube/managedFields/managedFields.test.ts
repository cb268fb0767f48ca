import { SimClock } from '../../clock/SimClock';
import { InMemoryClusterStore } from '../store/InMemoryClusterStore';

const SECRETS = { group: '', resource: 'secrets' };

describe('managedFields on in-process writes', () => {
  let clock: SimClock;
  let store: InMemoryClusterStore;
  beforeEach(() => {
    clock = new SimClock({ scale: 1 });
    store = new InMemoryClusterStore({ name: 't', clock });
  });
  afterEach(() => clock.dispose());

  it('records the creating manager in the structured-merge-diff encoding', () => {
    const created = store.create(
      SECRETS,
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 's', namespace: 'default', labels: { app: 'x' } },
        data: { a: 'Yg==' },
        type: 'Opaque',
      },
      { fieldManager: 'kubectl-create' },
    );
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
});
