import type { PolicyVerdict } from '@secrets-plugin/plugin-secrets-common';

/**
 * The backend's 403 on a rotation request that policy refused. It carries every verdict, so the
 * dialog can show which rules denied (and which allowed) instead of one message.
 * @public
 */
export class RotationDeniedError extends Error {
  readonly verdicts: PolicyVerdict[];
  /** Shaped like a ResponseError's, so the plugin's status helpers see a 403. */
  readonly response = { status: 403 };
  readonly body: unknown;

  constructor(message: string, verdicts: PolicyVerdict[], body: unknown) {
    super(message);
    this.name = 'RotationDeniedError';
    this.verdicts = verdicts;
    this.body = body;
  }
}
