import type { Rotator, RotatorTarget } from './types';

/** The one call this rotator needs, implemented by the Vault module (the only one that talks to Vault). */
export interface PasswordPolicyGenerator {
  generatePassword(
    vault: RotatorTarget['vault'],
    policy: string,
    options: { signal?: AbortSignal },
  ): Promise<string>;
}

const POLICY_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

/** Lets Vault make the value from a named password policy (`sys/policies/password/<name>/generate`). */
export class VaultPasswordPolicyRotator implements Rotator {
  readonly id = 'vault-password-policy';

  constructor(private readonly vault: PasswordPolicyGenerator) {}

  canGenerate(target: RotatorTarget): true | string {
    const name = target.spec.argument;
    if (!name)
      return 'vault-password-policy needs a policy name (vault-password-policy:<name>)';
    if (!POLICY_NAME.test(name))
      return `'${name}' is not a Vault password policy name`;
    return true;
  }

  async generate(
    target: RotatorTarget,
    options: { signal?: AbortSignal },
  ): Promise<string> {
    const verdict = this.canGenerate(target);
    if (verdict !== true) throw new Error(verdict);
    return this.vault.generatePassword(
      target.vault,
      target.spec.argument!,
      options,
    );
  }
}
