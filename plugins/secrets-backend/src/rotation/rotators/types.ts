/**
 * A rotator makes the new value of one key. Values live only in memory between `generate` and the
 * Vault write: a rotator never logs, stores or returns them anywhere else.
 */
export interface RotatorSpec {
  /** The key (property) of the Vault secret, e.g. `password`. */
  key: string;
  /** The rotator's id, e.g. `random` or `vault-password-policy`. */
  rotator: string;
  /** The rotator's argument, e.g. a length and charset, or a password policy name. */
  argument?: string;
}

export interface RotatorTarget {
  spec: RotatorSpec;
  vault: { serverName?: string; server: string; namespace?: string };
}

export interface Rotator {
  id: string;
  /** `true`, or why this rotator cannot make the key (shown as the policy verdict). */
  canGenerate(target: RotatorTarget): true | string;
  generate(
    target: RotatorTarget,
    options: { signal?: AbortSignal },
  ): Promise<string>;
}
