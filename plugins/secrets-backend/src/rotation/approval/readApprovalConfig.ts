import { readDurationFromConfig, type Config } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import type { ApprovalConfig, ApprovalPolicy } from './types';

/** `secrets.rotation.environments.<env>.approval` of every environment (absent: unprotected). */
export function readApprovalConfig(
  environments: Config | undefined,
): ApprovalConfig {
  const out: Record<string, ApprovalPolicy | undefined> = {};
  for (const name of environments?.keys() ?? []) {
    const at = `secrets.rotation.environments.${name}.approval`;
    const approval = environments!
      .getConfig(name)
      .getOptionalConfig('approval');
    if (!approval) {
      out[name] = undefined;
      continue;
    }
    const approvers = approval.getStringArray('approvers');
    const bad = approvers.find(a => !/^group:[^/]+\/.+$/.test(a));
    if (bad !== undefined || approvers.length === 0)
      throw new Error(
        `Invalid config at ${at}.approvers: ${
          bad === undefined ? 'empty' : `'${bad}'`
        }, expected group entity refs such as group:default/platform`,
      );
    out[name] = {
      approvers,
      expiresAfterMs: durationToMilliseconds(
        readDurationFromConfig(approval, { key: 'expiresAfter' }),
      ),
    };
  }
  return { environments: out };
}
