import type { SimClock } from '../../clock/SimClock';
import { AppRoleBackend } from '../auth/appRoleBackend';
import { KubernetesAuthBackend } from '../auth/kubernetesBackend';
import type { BackendFactory } from '../core/VaultCore';
import { Kv1Backend } from '../kv/kv1Backend';
import { Kv2Backend } from '../kv/kv2Backend';
import { SysBackend } from '../sys/sysBackend';
import { TokenBackend } from '../tokens/tokenBackend';

/** Maps mount types to engines; `kv` with options.version "2" is KV v2, as in Vault. */
export function backendFactory(clock: SimClock): BackendFactory {
  const now = () => clock.now();
  return (type, options) => {
    switch (type) {
      case 'kv':
        return options?.version === '2'
          ? new Kv2Backend(now)
          : new Kv1Backend();
      case 'approle':
        return new AppRoleBackend(now);
      case 'kubernetes':
        return new KubernetesAuthBackend();
      case 'token':
        return new TokenBackend();
      case 'system':
        return new SysBackend();
      default:
        throw new Error(`fleet-sim vault: unsupported mount type ${type}`);
    }
  };
}
