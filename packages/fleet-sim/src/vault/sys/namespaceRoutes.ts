import type { BackendRequest, BackendResult } from '../core/backend';
import { RESERVED_NAMESPACE_NAMES, type Namespace } from '../core/namespaces';
import type { VaultCore } from '../core/VaultCore';
import { errorResponse, VaultCodedError } from '../http/errors';
import { mergePatch } from '../kv/mergePatch';

function describe(ns: Namespace): Record<string, unknown> {
  return { custom_metadata: ns.customMetadata, id: ns.id, path: ns.path };
}

/**
 * Creates `relativePath` (one or more segments) below `parent`; every parent segment must
 * exist. Idempotent: an existing namespace is returned (its custom_metadata replaced if given).
 */
export function createNamespace(
  core: VaultCore,
  parent: Namespace,
  relativePath: string,
  customMetadata?: Record<string, string>,
): Namespace {
  const segments = relativePath.split('/').filter(Boolean);
  if (segments.length === 0)
    throw errorResponse('namespace path must not be empty');
  let ns = parent;
  segments.forEach((name, i) => {
    const existing = ns.children.get(name);
    if (existing) {
      ns = existing;
      return;
    }
    if (i < segments.length - 1)
      throw errorResponse(
        `parent namespace "${ns.path}${name}/" does not exist`,
      );
    if (RESERVED_NAMESPACE_NAMES.has(name)) {
      throw errorResponse(
        `"${name}" is a reserved path and cannot be used as a namespace name`,
      );
    }
    if (ns.mounts.has(`${name}/`))
      throw errorResponse(`"${name}" is already in use as a mount path`);
    ns = core.createNamespace(ns, name);
  });
  if (customMetadata) ns.customMetadata = { ...customMetadata };
  return ns;
}

/** sys/namespaces (Vault Enterprise api-docs/system/namespaces). */
export function handleNamespaces(
  req: BackendRequest,
  rest: string,
): BackendResult {
  const parent = req.namespace;
  const op = req.operation;
  const relative = rest.replace(/\/$/, '');
  if (relative === '' && op === 'list') {
    const children = [...parent.children.entries()].sort(([a], [b]) =>
      a.localeCompare(b),
    );
    return {
      data: {
        key_info: Object.fromEntries(
          children.map(([name, ns]) => [`${name}/`, describe(ns)]),
        ),
        keys: children.map(([name]) => `${name}/`),
      },
    };
  }
  const target = relative
    .split('/')
    .reduce<Namespace | undefined>((ns, s) => ns?.children.get(s), parent);
  switch (op) {
    case 'read':
      return target ? { data: describe(target) } : undefined;
    case 'create':
    case 'update':
      return {
        data: describe(
          createNamespace(
            req.core,
            parent,
            relative,
            req.data.custom_metadata as Record<string, string>,
          ),
        ),
      };
    case 'patch': {
      if (!target) return { statusCode: 404, bodyless: true };
      const merged = mergePatch(
        target.customMetadata,
        req.data.custom_metadata ?? {},
      ) as Record<string, unknown>;
      target.customMetadata = Object.fromEntries(
        Object.entries(merged).map(([k, v]) => [k, String(v)]),
      );
      return { data: describe(target) };
    }
    case 'delete':
      if (!target) return undefined;
      if (target.children.size > 0) {
        throw errorResponse(
          `cannot delete namespace ("${target.path}") containing child namespaces`,
        );
      }
      target.parent!.children.delete(relative.split('/').pop()!);
      for (const token of req.core.tokens.all()) {
        if (token.namespaceId === target.id) req.core.tokens.revoke(token.id);
      }
      return undefined;
    default:
      throw new VaultCodedError(405, 'unsupported operation');
  }
}
