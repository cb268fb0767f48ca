import { VAULT_VERSION } from '../core/mounts';
import type { VaultCore } from '../core/VaultCore';

export interface RawResult {
  status: number;
  body?: unknown;
}

/** parseutil.ParseBool. */
function parseBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}

/**
 * GET/HEAD sys/health (http/sys_health.go getSysHealth): status codes overridable by query, in
 * the order uninitialised > sealed > DR secondary > performance standby > standby > active.
 * Bad query values give 400 `{"errors":[]}`.
 */
export function sysHealth(core: VaultCore, query: URLSearchParams): RawResult {
  const flag = (name: string): boolean | null => {
    if (!query.has(name)) return false;
    return parseBool(query.get(name)!) ?? null;
  };
  const code = (name: string, fallback: number): number | null => {
    if (!query.has(name)) return fallback;
    const value = Number(query.get(name));
    return Number.isInteger(value) && value >= 1 ? value : null;
  };
  const standbyOk = flag('standbyok');
  const perfStandbyOk = flag('perfstandbyok');
  const codes = {
    active: code('activecode', 200),
    standby: code('standbycode', 429),
    drSecondary: code('drsecondarycode', 472),
    perfStandby: code('performancestandbycode', 473),
    sealed: code('sealedcode', 503),
    uninit: code('uninitcode', 501),
  };
  if (
    standbyOk === null ||
    perfStandbyOk === null ||
    Object.values(codes).includes(null)
  ) {
    return { status: 400, body: { errors: [] } };
  }
  const standby = core.mode === 'standby' || core.mode === 'perfstandby';
  const perfStandby = core.mode === 'perfstandby';
  let status = codes.active!;
  if (!core.initialized) status = codes.uninit!;
  else if (core.sealed) status = codes.sealed!;
  else if (core.mode === 'drsecondary') status = codes.drSecondary!;
  else if (perfStandby) status = perfStandbyOk ? status : codes.perfStandby!;
  else if (standby) status = standbyOk ? status : codes.standby!;
  const body: Record<string, unknown> = {
    initialized: core.initialized,
    sealed: core.sealed || !core.initialized,
    standby,
    performance_standby: perfStandby,
    replication_performance_mode: 'disabled',
    replication_dr_mode: core.mode === 'drsecondary' ? 'secondary' : 'disabled',
    server_time_utc: Math.floor(core.clock.now() / 1000),
    version: VAULT_VERSION,
    enterprise: true,
  };
  // cluster_name/cluster_id are omitempty and only known while unsealed
  if (!core.sealed && core.initialized) {
    body.cluster_name = core.clusterName;
    body.cluster_id = core.clusterId;
  }
  return { status, body };
}

/** GET sys/seal-status (http/sys_seal.go), served while sealed too. */
export function sysSealStatus(core: VaultCore): RawResult {
  const sealed = core.sealed || !core.initialized;
  const body: Record<string, unknown> = {
    type: 'shamir',
    initialized: core.initialized,
    sealed,
    t: core.initialized ? 3 : 0,
    n: core.initialized ? 5 : 0,
    progress: 0,
    nonce: '',
    version: VAULT_VERSION,
    build_date: '2025-02-24T09:40:28Z',
    migration: false,
    recovery_seal: false,
    storage_type: 'raft',
  };
  if (!sealed) {
    body.cluster_name = core.clusterName;
    body.cluster_id = core.clusterId;
  }
  return { status: 200, body };
}
