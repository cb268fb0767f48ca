import type {
  StoreHealth,
  VaultServerHealth,
} from '@secrets-plugin/plugin-secrets-common';
import { storeAdvice } from './storeAdvice';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const RETRY = NOW + 5 * 60_000;
const failing = (cause: string): StoreHealth => ({
  ready: false,
  reason: 'InvalidProviderConfig',
  message: 'unable to create client',
  cause,
});
const vault = (state: VaultServerHealth['state']): VaultServerHealth => ({
  name: 'main',
  url: 'https://vault:8200',
  state,
});
const REFUSED =
  'Put "https://vault:8200/v1/auth/approle/login": dial tcp 10.0.0.1:8200: connect: connection refused';
const DENIED =
  'invalid vault credentials: Error making API request.\n\nCode: 403. Errors:\n\n* permission denied';

describe('storeAdvice', () => {
  it.each<[string, StoreHealth, VaultServerHealth | undefined, string]>([
    [
      'Vault healthy again, ESO in backoff',
      failing(REFUSED),
      vault('active'),
      'revalidate',
    ],
    [
      'a standby answers reads too',
      failing(REFUSED),
      vault('standby'),
      'revalidate',
    ],
    [
      'Vault still down',
      failing(REFUSED),
      vault('unreachable'),
      'wait-for-vault',
    ],
    ['Vault sealed', failing(REFUSED), vault('sealed'), 'wait-for-vault'],
    ['credentials rejected', failing(DENIED), vault('active'), 'fix-config'],
    ['rejected, whatever the health', failing(DENIED), undefined, 'fix-config'],
    ['no health for its server', failing(REFUSED), undefined, 'unknown'],
    ['not checked yet', failing(REFUSED), vault('unknown'), 'unknown'],
  ])('%s → %s', (_, health, v, action) => {
    const advice = storeAdvice({
      health,
      vaultStore: true,
      vault: v,
      nextRetryAt: RETRY,
      now: NOW,
    });
    expect(advice).toMatchObject({
      action,
      nextRetryAt: new Date(RETRY).toISOString(),
    });
    expect(advice!.message).not.toMatch(/permission denied|refused/);
  });

  it('says nothing about a Ready store', () => {
    expect(
      storeAdvice({
        health: { ready: true },
        vaultStore: true,
        vault: vault('active'),
        now: NOW,
      }),
    ).toBeUndefined();
  });

  it('names the server in its sentence and drops a retry time that has long passed', () => {
    const advice = storeAdvice({
      health: failing(REFUSED),
      vaultStore: true,
      vault: vault('active'),
      nextRetryAt: NOW - 10 * 60_000,
      now: NOW,
    });
    expect(advice?.message).toMatch(/Vault server main is healthy/);
    expect(advice?.nextRetryAt).toBeUndefined();
  });

  it('cannot judge a store of another provider', () => {
    expect(
      storeAdvice({ health: failing(REFUSED), vaultStore: false, now: NOW })
        ?.action,
    ).toBe('unknown');
  });
});
