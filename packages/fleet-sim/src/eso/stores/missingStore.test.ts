import { goQuote } from '../go/goErrors';
import { RESOURCES } from '../constants';
import {
  type EsoHarness,
  externalSecret,
  startEsoHarness,
} from '../testing/esoHarness';

const ES = RESOURCES.externalSecrets;

/*
 * ESO reads stores through controller-runtime's cached client: its NotFound names the Kind and the
 * group (not the plural resource), and Go prints a name that was never set as "" (issue 10 gap 7).
 */
describe('Events for a missing store', () => {
  let h: EsoHarness;
  beforeEach(async () => {
    h = await startEsoHarness();
  });
  afterEach(() => h.stop());

  const failure = async (spec: Record<string, unknown>) => {
    h.store.create(ES, externalSecret('db', spec));
    await h.advance(0);
    return h.events('db', 'UpdateFailed').map(e => e.message);
  };

  it('names the ClusterSecretStore by Kind.group', async () => {
    expect(
      await failure({
        secretStoreRef: { kind: 'ClusterSecretStore', name: 'gone' },
      }),
    ).toEqual([
      'error processing spec.data[0] (key: payments/db), err: could not get ClusterSecretStore "gone", ClusterSecretStore.external-secrets.io "gone" not found',
    ]);
  });

  it('names the SecretStore by Kind.group', async () => {
    expect(
      await failure({ secretStoreRef: { kind: 'SecretStore', name: 'gone' } }),
    ).toEqual([
      'error processing spec.data[0] (key: payments/db), err: could not get SecretStore "gone", SecretStore.external-secrets.io "gone" not found',
    ]);
  });

  it('prints a store name that was not given as Go\'s ""', async () => {
    // the CRD does not require secretStoreRef.name; Go sees the empty string
    const [message] = await failure({
      secretStoreRef: { kind: 'ClusterSecretStore' },
    });
    expect(message).toBe(
      'error processing spec.data[0] (key: payments/db), err: could not get ClusterSecretStore "", ClusterSecretStore.external-secrets.io "" not found',
    );
    expect(message).not.toContain('undefined');
  });
});

describe('goQuote', () => {
  it('is strconv.Quote', () => {
    expect(goQuote(undefined)).toBe('""');
    expect(goQuote('a"b\\c\n\t\u0001\u007f é')).toBe(
      '"a\\"b\\\\c\\n\\t\\x01\\x7f é"',
    );
  });
});
