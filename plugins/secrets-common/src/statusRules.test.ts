import {
  summarizeEntitySecrets,
  worstStatus,
  emptyStatusCounts,
} from './statusRules';
import type { EntitySecretsResponse, ExternalSecretRow } from './types';

const row = (
  name: string,
  status: ExternalSecretRow['status'],
  extra: Partial<ExternalSecretRow> = {},
) =>
  ({
    cluster: 'prod-eu',
    namespace: 'payments',
    name,
    status,
    ...extra,
  } as ExternalSecretRow);

const answer = (rows: ExternalSecretRow[]): EntitySecretsResponse => ({
  entityRef: 'component:default/payments-api',
  generatedAt: '2026-12-01T12:00:00.000Z',
  groups: [{ id: 'g', vault: { key: 'k' }, rows }],
  clusters: [],
  errors: [{ cluster: 'prod-us', errorType: 'UNREACHABLE', message: 'down' }],
  vaultServers: [],
  storeAdvice: [],
});

describe('summarizeEntitySecrets', () => {
  it('counts by status and names the worst row with its cause', () => {
    const summary = summarizeEntitySecrets(
      answer([
        row('a', 'Synced'),
        row('b', 'Stale'),
        row('c', 'Error', { cause: 'permission denied' }),
        row('d', 'Error', { cause: 'later' }),
      ]),
    );
    expect(summary).toEqual({
      entityRef: 'component:default/payments-api',
      generatedAt: '2026-12-01T12:00:00.000Z',
      total: 4,
      counts: { ...emptyStatusCounts(), Synced: 1, Stale: 1, Error: 2 },
      worst: 'Error',
      headline: {
        cluster: 'prod-eu',
        namespace: 'payments',
        name: 'c',
        status: 'Error',
        cause: 'permission denied',
      },
      errors: [
        { cluster: 'prod-us', errorType: 'UNREACHABLE', message: 'down' },
      ],
    });
  });

  it("falls back to the condition's message, and names no row when all are Synced", () => {
    const pending = summarizeEntitySecrets(
      answer([
        row('p', 'Pending', {
          condition: { status: 'False', message: 'waiting' },
        }),
      ]),
    );
    expect(pending.headline?.cause).toBe('waiting');
    const synced = summarizeEntitySecrets(answer([row('a', 'Synced')]));
    expect(synced.headline).toBeUndefined();
    expect(synced.worst).toBe('Synced');
  });

  it('has no worst status without rows', () => {
    expect(worstStatus(emptyStatusCounts())).toBeUndefined();
  });
});
