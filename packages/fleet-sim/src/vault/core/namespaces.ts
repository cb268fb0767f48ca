import type { AclPolicy } from '../acl/policyParser';
import { newNamespaceId } from './ids';
import type { Mount } from './mounts';

export interface PasswordPolicyEntry {
  name: string;
  /** HCL as stored (already base64-decoded). */
  policy: string;
}

/**
 * A Vault Enterprise namespace: its own mounts (secret engines and auth methods), ACL policies,
 * password policies and children. Tokens live in the server-wide TokenStore tagged with the id.
 */
export class Namespace {
  readonly children = new Map<string, Namespace>();
  readonly mounts = new Map<string, Mount>();
  readonly policies = new Map<string, AclPolicy>();
  readonly passwordPolicies = new Map<string, PasswordPolicyEntry>();
  customMetadata: Record<string, string> = {};

  constructor(
    readonly id: string,
    /** '' for root, otherwise the full path with a trailing slash: `team-a/`, `team-a/dev/`. */
    readonly path: string,
    readonly parent?: Namespace,
  ) {}

  get isRoot(): boolean {
    return this.path === '';
  }

  /** True when this namespace is `other` or nested below it. */
  isWithin(other: Namespace): boolean {
    return this.path.startsWith(other.path);
  }

  /** This namespace's path relative to an ancestor (`''` when equal). */
  pathRelativeTo(ancestor: Namespace): string {
    return this.path.slice(ancestor.path.length);
  }
}

export const RESERVED_NAMESPACE_NAMES = new Set([
  'root',
  'sys',
  'audit',
  'auth',
  'cubbyhole',
  'identity',
]);

export function newChildNamespace(parent: Namespace, name: string): Namespace {
  const child = new Namespace(
    newNamespaceId(),
    `${parent.path}${name}/`,
    parent,
  );
  parent.children.set(name, child);
  return child;
}

/**
 * Splits `header + path` into the deepest existing namespace and the rest of the path, which is
 * how Vault Enterprise lets a namespace be given by `X-Vault-Namespace`, by path prefix, or both.
 */
export function resolveNamespace(
  root: Namespace,
  header: string | undefined,
  path: string,
): { namespace: Namespace; path: string } {
  const prefix = (header ?? '').replace(/^\/+|\/+$/g, '');
  const full = prefix ? `${prefix}/${path}` : path;
  const segments = full.split('/');
  let namespace = root;
  let consumed = 0;
  while (consumed < segments.length) {
    const child = namespace.children.get(segments[consumed]);
    if (!child) break;
    namespace = child;
    consumed++;
  }
  return { namespace, path: segments.slice(consumed).join('/') };
}
