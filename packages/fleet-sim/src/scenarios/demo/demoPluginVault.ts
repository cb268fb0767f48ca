/*
 * The Backstage plugin's own Vault identity in the demo: the very policy the plugin ships
 * (plugins/secrets-backend/deploy/vault-policy.hcl), written in the root namespace, and a token
 * with only that policy and `default`, as an operator would create them. The generated
 * app-config carries this token, never the root token.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScenarioContext } from '../types';

// fleet-sim runs from its sources (bin/fleet-sim), never from a build, so __dirname is the source dir
export const PLUGIN_VAULT_POLICY_FILE = join(
  // eslint-disable-next-line no-restricted-syntax
  __dirname,
  '../../../../../plugins/secrets-backend/deploy/vault-policy.hcl',
);
export const PLUGIN_VAULT_POLICY = 'backstage-secrets';

export function createPluginVaultToken(ctx: ScenarioContext): string {
  const { engine } = ctx.vault;
  engine.writePolicy({
    name: PLUGIN_VAULT_POLICY,
    policy: readFileSync(PLUGIN_VAULT_POLICY_FILE, 'utf8'),
  });
  return engine.createToken({
    policies: [PLUGIN_VAULT_POLICY],
    ttlSeconds: 365 * 24 * 3600,
    displayName: 'backstage-secrets',
  }).token;
}
