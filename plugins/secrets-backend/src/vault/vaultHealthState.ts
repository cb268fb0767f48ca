import type { VaultServerHealth } from '@secrets-plugin/plugin-secrets-common';

type State = VaultServerHealth['state'];

/**
 * A `sys/health` answer read as a state. node-vault hands back the body of every answer (the
 * status code is not exposed), so the state comes from its flags, in Vault's order: uninitialised >
 * sealed > performance standby > standby > active. Anything else is not a Vault health body.
 */
export function healthStateOf(body: unknown): State {
  if (!body || typeof body !== 'object') return 'unknown';
  const b = body as Record<string, unknown>;
  if (typeof b.initialized !== 'boolean' || typeof b.sealed !== 'boolean')
    return 'unknown';
  if (!b.initialized) return 'uninitialized';
  if (b.sealed) return 'sealed';
  if (b.performance_standby === true) return 'performance-standby';
  if (b.standby === true) return 'standby';
  return 'active';
}

/** States in which Vault answers reads: ESO can validate a store against it. */
export function isServing(state: State): boolean {
  return (
    state === 'active' || state === 'standby' || state === 'performance-standby'
  );
}

/** Why a state is not healthy, without anything from a response body. */
export function healthMessage(state: State): string | undefined {
  switch (state) {
    case 'sealed':
      return 'Vault is sealed (sys/health 503)';
    case 'uninitialized':
      return 'Vault is not initialised (sys/health 501)';
    case 'unknown':
      return 'sys/health did not answer with a Vault health status';
    default:
      return undefined;
  }
}

/** A network failure in a few words: the error code and message, never a request or body. */
export function networkMessage(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' && !message.includes(code)
    ? `${code}: ${message}`
    : message;
}
