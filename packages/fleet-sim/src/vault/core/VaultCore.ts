import type { SimClock } from '../../clock/SimClock';
import { Acl } from '../acl/acl';
import { DEFAULT_POLICY_TEXT } from '../acl/defaultPolicy';
import { parseAclPolicy } from '../acl/policyParser';
import { TokenStore, type TokenEntry } from '../tokens/TokenStore';
import type { Backend } from './backend';
import { newUuid, base62 } from './ids';
import { newMount, normaliseMountPath, type Mount } from './mounts';
import { Namespace, newChildNamespace } from './namespaces';

/** What sys/health reports besides sealed/uninitialised; requests are served in every mode. */
export type VaultMode = 'active' | 'standby' | 'perfstandby' | 'drsecondary';

/** Creates the backend for a mount type; injected so the core does not import every engine. */
export type BackendFactory = (
  type: string,
  options: Record<string, string> | null,
) => Backend;

/**
 * The whole simulated server state: namespace tree, tokens, seal/HA state. HTTP handling lives in
 * http/router.ts; scenario seeding goes through engine/VaultEngineImpl.ts. Values live in memory.
 */
export class VaultCore {
  readonly root = new Namespace('root', '');
  readonly tokens: TokenStore;
  readonly clusterName = `vault-cluster-${base62(8).toLowerCase()}`;
  readonly clusterId = newUuid();
  readonly rootToken: TokenEntry;
  sealed = false;
  initialized = true;
  mode: VaultMode = 'active';
  readonly #entityIds = new Map<string, string>();

  constructor(
    readonly clock: SimClock,
    readonly createBackend: BackendFactory,
  ) {
    this.tokens = new TokenStore(() => clock.now());
    this.#initNamespace(this.root);
    this.root.policies.set('root', { name: 'root', raw: '', rules: [] });
    this.rootToken = this.tokens.create({
      namespaceId: 'root',
      policies: ['root'],
      path: 'auth/token/root',
      displayName: 'root',
      ttlSeconds: 0,
    });
  }

  #initNamespace(ns: Namespace): void {
    // Vault Enterprise gives each namespace its own copies, typed ns_system / ns_token
    const prefix = ns.isRoot ? '' : 'ns_';
    const builtin = (type: string) => ({
      builtin: true,
      type: `${prefix}${type}`,
    });
    ns.mounts.set(
      'sys/',
      newMount('sys/', this.createBackend('system', null), builtin('system')),
    );
    ns.mounts.set(
      'auth/token/',
      newMount(
        'auth/token/',
        this.createBackend('token', null),
        builtin('token'),
      ),
    );
    ns.policies.set('default', parseAclPolicy('default', DEFAULT_POLICY_TEXT));
  }

  /** Creates `name` below `parent`; the caller validates the name. */
  createNamespace(parent: Namespace, name: string): Namespace {
    const ns = newChildNamespace(parent, name);
    this.#initNamespace(ns);
    return ns;
  }

  /** Namespace by full path (`''`, `a`, `a/b/`); undefined when any segment is missing. */
  namespaceByPath(path: string): Namespace | undefined {
    let ns: Namespace | undefined = this.root;
    for (const segment of path.split('/').filter(Boolean))
      ns = ns?.children.get(segment);
    return ns;
  }

  namespaceById(id: string): Namespace | undefined {
    const walk = (ns: Namespace): Namespace | undefined => {
      if (ns.id === id) return ns;
      for (const child of ns.children.values()) {
        const found = walk(child);
        if (found) return found;
      }
      return undefined;
    };
    return walk(this.root);
  }

  /** The ACL of a token: its policies as defined in the namespace the token belongs to. */
  aclFor(token: TokenEntry): Acl {
    const ns = this.namespaceById(token.namespaceId);
    const policies = token.policies.flatMap(name => {
      const policy = ns?.policies.get(name);
      return policy ? [policy] : [];
    });
    return new Acl(policies);
  }

  enableMount(
    ns: Namespace,
    path: string,
    type: string,
    extra: {
      description?: string;
      options?: Record<string, string> | null;
    } = {},
  ): Mount {
    const mountPath = normaliseMountPath(path);
    const mount = newMount(
      mountPath,
      this.createBackend(type, extra.options ?? null),
      extra,
    );
    ns.mounts.set(mountPath, mount);
    return mount;
  }

  /** Stable entity id per auth mount + alias, like the identity store creating one entity per alias. */
  entityIdFor(mountAccessor: string, aliasName: string): string {
    const key = `${mountAccessor}/${aliasName}`;
    let id = this.#entityIds.get(key);
    if (!id) {
      id = newUuid();
      this.#entityIds.set(key, id);
    }
    return id;
  }
}
