# Vault ACL policy for the Backstage secrets plugin's own token (`secrets.vault[].auth`).
#
# Write it in the namespace the plugin's token lives in (here the root namespace) and give the
# token only this policy and `default`:
#
#   vault policy write backstage-secrets plugins/secrets-backend/deploy/vault-policy.hcl
#   vault token create -policy=backstage-secrets -orphan -period=768h
#
# With Vault Enterprise namespaces, a root-namespace policy reaches a tenant's namespace through
# paths prefixed with it (`team-payments/secret/...`). List each tenant the plugin serves, with
# its KV v2 mount; a tenant that is not listed stays invisible to Backstage. Without namespaces,
# keep only the unprefixed blocks. The example lists the demo's tenants: team-payments and
# team-search (mount `secret` each) and the root namespace's `platform` mount.
#
# `sys/health`, which the plugin polls for Vault's state, is unauthenticated: it needs no rule.
# The plugin never lists, deletes or destroys secrets, and never touches auth, mounts or policies.

# --- versions and custom metadata of the secrets ExternalSecrets read, their key NAMES (subkeys:
# the key tree with every value replaced by null, so a rotation plan can name the keys it carries
# over without reading a value), and a pre-flight check of what this token may do with them
# (sys/capabilities-self; the `default` policy grants it in the token's own namespace only).
# `patch` on metadata merges the rotation's announcement (secrets.backstage.io/rotation-id and
# rotation-version) into custom_metadata without replacing other keys; allowed_parameters keeps
# it from touching max_versions, cas_required or delete_version_after (retention and history).

path "team-payments/secret/metadata/*" {
  capabilities = ["read", "patch"]
  allowed_parameters = {
    "custom_metadata" = []
  }
}
path "team-payments/secret/subkeys/*" {
  capabilities = ["read"]
}
path "team-payments/sys/capabilities-self" {
  capabilities = ["update"]
}

path "team-search/secret/metadata/*" {
  capabilities = ["read", "patch"]
  allowed_parameters = {
    "custom_metadata" = []
  }
}
path "team-search/secret/subkeys/*" {
  capabilities = ["read"]
}
path "team-search/sys/capabilities-self" {
  capabilities = ["update"]
}

path "platform/metadata/*" {
  capabilities = ["read", "patch"]
  allowed_parameters = {
    "custom_metadata" = []
  }
}
path "platform/subkeys/*" {
  capabilities = ["read"]
}

# --- rotation (the coming stage): read the current version (to carry over the keys a rotation
# does not regenerate), write the next one with check-and-set (`update`: rotation never creates a
# key), merge-patch one key (`patch`), and let Vault generate a value from a password policy

path "team-payments/secret/data/*" {
  capabilities = ["read", "update", "patch"]
}
path "team-payments/sys/policies/password/+/generate" {
  capabilities = ["read"]
}

path "team-search/secret/data/*" {
  capabilities = ["read", "update", "patch"]
}
path "team-search/sys/policies/password/+/generate" {
  capabilities = ["read"]
}

path "platform/data/*" {
  capabilities = ["read", "update", "patch"]
}
path "sys/policies/password/+/generate" {
  capabilities = ["read"]
}

# --- canary probes (`secrets.canary`): a fresh random value written to exactly the platform
# canary key, as a new version with check-and-set on the current one (`create` too, so a fresh
# install need not seed it). The probe never reads the value back: it proves propagation by the
# target Secrets' data-hash. This exact path wins over `platform/data/*` above.

path "platform/data/canary" {
  capabilities = ["create", "update"]
}
