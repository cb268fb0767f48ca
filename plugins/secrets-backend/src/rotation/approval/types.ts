/** `secrets.rotation.environments.<env>.approval`, read once at start-up. */
export interface ApprovalPolicy {
  /** Group refs whose members may approve. */
  approvers: string[];
  expiresAfterMs: number;
}

/**
 * Approval per environment. An environment with an entry in `secrets.rotation.environments` uses
 * its own `approval` (none: unprotected); one without falls back to `default`, as every other
 * per-environment setting does.
 */
export interface ApprovalConfig {
  environments: Record<string, ApprovalPolicy | undefined>;
}

/** What a plan needs before it may run: the protected environments it reaches and their rules. */
export interface ApprovalRequirement {
  environments: Array<{ name: string; approvers: string[] }>;
  /** The shortest `expiresAfter` of those environments. */
  expiresAfterMs: number;
}

/** A recorded four-eyes decision. */
export interface ApprovalDecisionRow {
  rotationId: string;
  decision: 'approved' | 'denied';
  decidedBy: string;
  reason: string;
  decidedAt: string;
}
