import type {
  PolicyVerdict,
  RotationKind,
  RotationPlan,
} from '@secrets-plugin/plugin-secrets-common';

/**
 * What a policy rule sees: the plan exactly as the dry run shows it, who asks, and the key's
 * history. Data only, so rules are pure and a module never depends on the backend's classes.
 * @public
 */
export interface RotationPolicyContext {
  plan: RotationPlan;
  request: { kind: RotationKind; reason: string };
  requester: { userEntityRef: string; ownershipEntityRefs: string[] };
  /** The owners of the entity the rotation was requested through (`spec.owner`, as refs). */
  entityOwners: string[];
  history: { lastFinishedAt?: string };
  now: number;
}

/**
 * One rule of the server-side policy check. Its verdict is shown on the dry run; `deny` refuses the
 * rotation, `warn` must be acknowledged. A rule that throws denies.
 * @public
 */
export interface RotationPolicyRule {
  /** Unique across all rules, e.g. `change-ticket`. */
  id: string;
  /** One line, shown beside the verdict. */
  title: string;
  evaluate(
    context: RotationPolicyContext,
  ):
    | Omit<PolicyVerdict, 'ruleId' | 'title'>
    | Promise<Omit<PolicyVerdict, 'ruleId' | 'title'>>;
}

/** Which key a rotator makes, and how (from `secrets.backstage.io/rotate`). @public */
export interface RotatorSpec {
  /** The key (property) of the Vault secret, e.g. `password`. */
  key: string;
  /** The rotator's id, e.g. `random` or `vault-password-policy`. */
  rotator: string;
  /** The rotator's argument, e.g. a length and charset, or a password policy name. */
  argument?: string;
}

/** @public */
export interface RotatorTarget {
  spec: RotatorSpec;
  vault: { serverName?: string; server: string; namespace?: string };
}

/**
 * Makes the new value of one key. Values live only in memory between `generate` and the Vault
 * write: a rotator never logs, stores or returns them anywhere else. A rotator that changes a
 * credential elsewhere first (a database user's password) does so in `generate`.
 * @public
 */
export interface Rotator {
  id: string;
  /** `true`, or why this rotator cannot make the key (shown in the policy verdict). */
  canGenerate(target: RotatorTarget): true | string;
  generate(
    target: RotatorTarget,
    options: { signal?: AbortSignal },
  ): Promise<string>;
}
