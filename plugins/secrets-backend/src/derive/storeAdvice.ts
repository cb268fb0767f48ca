import type {
  StoreAdvice,
  StoreHealth,
  VaultServerHealth,
} from '@secrets-plugin/plugin-secrets-common';
import { isServing } from '../vault/vaultHealthState';
import { OVERDUE_GRACE_MS } from './takesEffect';

/** Vault (or the auth method) answered and refused: only a change of config or credentials helps. */
const REJECTED =
  /permission denied|invalid vault credentials|\bcode: 40[03]\b|invalid role|invalid secret id|missing client token|bad token|token (is )?(expired|revoked)|not allowed from namespace|cannot get Kubernetes secret|not found/i;

export interface StoreAdviceInput {
  health: StoreHealth;
  /** Whether the store's provider is Vault at all. */
  vaultStore: boolean;
  /** The configured Vault server it points at, with its health; absent when not configured. */
  vault?: VaultServerHealth;
  /** From `nextBackoffRetry` of the store's latest Warning Event (epoch ms). */
  nextRetryAt?: number;
  now: number;
}

/**
 * The one decision of what to do about a store that is not Ready, so the UI only says it: ESO
 * keeps a failed store in backoff up to 7 minutes after Vault is back (and does not wake its
 * ExternalSecrets), so a healthy Vault plus a transport error means "Revalidate"; a rejection
 * means the config or credentials are wrong; an unhealthy Vault means a Revalidate would fail.
 */
export function storeAdvice(input: StoreAdviceInput): StoreAdvice | undefined {
  const { health, vault } = input;
  if (health.ready === true) return undefined;
  const nextRetryAt =
    input.nextRetryAt !== undefined &&
    input.now <= input.nextRetryAt + OVERDUE_GRACE_MS
      ? new Date(input.nextRetryAt).toISOString()
      : undefined;
  const retry = nextRetryAt ? { nextRetryAt } : {};
  const cause = health.cause ?? '';
  if (health.reason === 'NotFound')
    return {
      action: 'fix-config',
      message: 'The store does not exist: create it or fix the reference.',
    };
  if (!input.vaultStore)
    return {
      action: 'unknown',
      message: 'Not a Vault store: the backend cannot check its provider.',
      ...retry,
    };
  if (REJECTED.test(cause))
    return {
      action: 'fix-config',
      message:
        'Vault rejected the store’s credentials or configuration: fix them, then Revalidate.',
      ...retry,
    };
  if (!vault || vault.state === 'unknown')
    return {
      action: 'unknown',
      message: vault
        ? `The health of Vault server ${vault.name} is not known yet.`
        : 'Its Vault server is not configured in secrets.vault[], so its health is unknown.',
      ...retry,
    };
  if (!isServing(vault.state))
    return {
      action: 'wait-for-vault',
      message: `Vault server ${vault.name} is ${vault.state}: a Revalidate would fail until it is back.`,
      ...retry,
    };
  return {
    action: 'revalidate',
    message: `Vault server ${vault.name} is healthy; ESO is in backoff and retries this store only later. Revalidate retries it now.`,
    ...retry,
  };
}
