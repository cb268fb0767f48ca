import { HclSyntaxError, parseHcl, type HclValue } from '../core/hcl';

export const CAPABILITIES = [
  'create',
  'read',
  'update',
  'patch',
  'delete',
  'list',
  'sudo',
  'deny',
  'subscribe',
  'recover',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** Parameter name (lower-cased) → the values allowed or denied; an empty list means any value. */
export type ParameterConstraints = Map<string, unknown[]>;

export interface PolicyRule {
  /** Path pattern as written, leading "/" removed: exact, `prefix*` glob, or with `+` segments. */
  pattern: string;
  capabilities: Set<Capability>;
  allowedParameters?: ParameterConstraints;
  deniedParameters?: ParameterConstraints;
}

export interface AclPolicy {
  name: string;
  /** The text as written (returned by sys/policy reads). */
  raw: string;
  rules: PolicyRule[];
}

/** Error texts follow vault/policy.go (`ParseACLPolicy`, `parsePaths`). */
export class PolicyParseError extends Error {}

function pathEntries(raw: string): Array<[string, HclValue]> {
  const trimmed = raw.trim();
  if (trimmed.startsWith('{')) {
    const json = JSON.parse(trimmed) as { path?: unknown };
    const paths = json.path ?? {};
    const list = Array.isArray(paths) ? paths : [paths];
    return list.flatMap(item =>
      Object.entries(item as Record<string, HclValue>),
    );
  }
  const body = parseHcl(raw);
  return body.blocks
    .filter(block => block.type === 'path')
    .map(block => {
      if (block.labels.length !== 1)
        throw new PolicyParseError('path block needs exactly one label');
      return [block.labels[0], Object.fromEntries(block.body.attributes)] as [
        string,
        HclValue,
      ];
    });
}

/** `allowed_parameters = { "name" = ["value", ...] }`; keys are matched lower-cased, as Vault does. */
function parameters(
  pattern: string,
  raw: HclValue | undefined,
): ParameterConstraints | undefined {
  if (raw === undefined) return undefined;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new PolicyParseError(
      `failed to parse policy: path ${JSON.stringify(
        pattern,
      )}: parameter constraints must be a map`,
    );
  return new Map(
    Object.entries(raw).map(([name, values]) => [
      name.toLowerCase(),
      Array.isArray(values) ? values : [values],
    ]),
  );
}

export function parseAclPolicy(name: string, raw: string): AclPolicy {
  let entries: Array<[string, HclValue]>;
  try {
    entries = pathEntries(raw);
  } catch (e) {
    if (e instanceof PolicyParseError) throw e;
    if (e instanceof HclSyntaxError || e instanceof SyntaxError) {
      throw new PolicyParseError(`failed to parse policy: ${e.message}`);
    }
    throw e;
  }
  const rules: PolicyRule[] = [];
  for (const [key, value] of entries) {
    const pattern = key.replace(/^\//, '');
    const body = (value ?? {}) as Record<string, HclValue>;
    if (body.policy !== undefined) {
      throw new PolicyParseError(
        `failed to parse policy: path ${JSON.stringify(
          pattern,
        )}: the legacy "policy" field is not supported by the simulator`,
      );
    }
    const caps = body.capabilities;
    const list = Array.isArray(caps) ? caps : [];
    const capabilities = new Set<Capability>();
    for (const cap of list) {
      if (!CAPABILITIES.includes(cap as Capability)) {
        throw new PolicyParseError(
          `failed to parse policy: path ${JSON.stringify(
            pattern,
          )}: invalid capability ${JSON.stringify(cap)}`,
        );
      }
      capabilities.add(cap as Capability);
    }
    // deny overrides everything else on the same path (parsePaths jumps to PathFinished)
    rules.push({
      pattern,
      capabilities: capabilities.has('deny') ? new Set(['deny']) : capabilities,
      allowedParameters: parameters(pattern, body.allowed_parameters),
      deniedParameters: parameters(pattern, body.denied_parameters),
    });
  }
  return { name, raw, rules };
}
