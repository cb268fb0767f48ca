import { parseAclPolicy, PolicyParseError } from '../acl/policyParser';
import type { BackendRequest, BackendResult } from '../core/backend';
import type { Namespace } from '../core/namespaces';
import { errorResponse, VaultCodedError } from '../http/errors';
import {
  decodePolicyText,
  generatePassword,
  parsePasswordPolicy,
} from './passwordPolicy';

/** Writes an ACL policy into a namespace (shared by HTTP and the in-process engine). */
export function putAclPolicy(
  ns: Namespace,
  rawName: string,
  text: string,
): void {
  const name = rawName.toLowerCase();
  if (name === 'root') throw errorResponse('cannot update "root" policy');
  if (!text) throw errorResponse("'policy' parameter not supplied or empty");
  try {
    ns.policies.set(name, parseAclPolicy(name, decodePolicyText(text)));
  } catch (e) {
    if (e instanceof PolicyParseError) throw errorResponse(e.message);
    throw e;
  }
}

function deleteAclPolicy(ns: Namespace, name: string): void {
  if (name === 'default') throw errorResponse('cannot delete "default" policy');
  if (name === 'root') throw errorResponse('cannot delete "root" policy');
  ns.policies.delete(name);
}

function policyNames(ns: Namespace): string[] {
  return [...ns.policies.keys()].sort();
}

/** sys/policy (legacy: `rules`, list echoes at top level) and sys/policies/acl (`policy`). */
export function handleAclPolicies(
  req: BackendRequest,
  rest: string,
  legacy: boolean,
): BackendResult {
  const ns = req.namespace;
  const name = rest.replace(/\/$/, '').toLowerCase();
  const op = req.operation;
  if (name === '' && (op === 'list' || (legacy && op === 'read'))) {
    const keys = policyNames(ns);
    return legacy
      ? { data: { keys, policies: keys }, echoDataAtTopLevel: true }
      : { data: { keys } };
  }
  if (op === 'read') {
    const policy = ns.policies.get(name);
    if (!policy) return undefined;
    return legacy
      ? { data: { name, rules: policy.raw }, echoDataAtTopLevel: true }
      : { data: { name, policy: policy.raw } };
  }
  if (op === 'create' || op === 'update') {
    putAclPolicy(ns, name, String(req.data.policy ?? req.data.rules ?? ''));
    return undefined;
  }
  if (op === 'delete') return void deleteAclPolicy(ns, name);
  throw new VaultCodedError(405, 'unsupported operation');
}

/** Validates and stores a password policy, trying generation like handlePoliciesPasswordSet. */
export function putPasswordPolicy(
  ns: Namespace,
  name: string,
  raw: string,
): void {
  if (!raw) throw new VaultCodedError(400, 'missing password policy');
  const text = decodePolicyText(raw);
  const policy = parsePasswordPolicy(text);
  if (generatePassword(policy) === undefined) {
    throw new VaultCodedError(
      400,
      'unable to generate password from provided policy in 1s: are the rules impossible?',
    );
  }
  ns.passwordPolicies.set(name, { name, policy: text });
}

/** sys/policies/password/<name> and .../<name>/generate. */
export function handlePasswordPolicies(
  req: BackendRequest,
  rest: string,
): BackendResult {
  const ns = req.namespace;
  const op = req.operation;
  if ((rest === '' || rest.endsWith('/')) && op === 'list') {
    return { data: { keys: [...ns.passwordPolicies.keys()].sort() } };
  }
  const generate = rest.endsWith('/generate');
  const name = generate ? rest.slice(0, -'/generate'.length) : rest;
  if (!name) throw new VaultCodedError(400, 'missing policy name');
  if (generate && op === 'read') {
    const entry = ns.passwordPolicies.get(name);
    if (!entry) throw new VaultCodedError(404, 'policy does not exist');
    const password = generatePassword(parsePasswordPolicy(entry.policy));
    if (password === undefined)
      throw new VaultCodedError(500, 'failed to generate password from policy');
    return { data: { password } };
  }
  if (op === 'read') {
    const entry = ns.passwordPolicies.get(name);
    return entry ? { data: { policy: entry.policy } } : undefined;
  }
  if (op === 'create' || op === 'update')
    return void putPasswordPolicy(ns, name, String(req.data.policy ?? ''));
  if (op === 'delete') return void ns.passwordPolicies.delete(name);
  throw new VaultCodedError(405, 'unsupported operation');
}
