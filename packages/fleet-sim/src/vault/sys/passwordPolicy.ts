import { randomInt } from 'node:crypto';
import { HclSyntaxError, parseHcl } from '../core/hcl';
import { multiErrorText, VaultCodedError } from '../http/errors';

export interface CharsetRule {
  charset: string[];
  minChars: number;
}

export interface PasswordPolicy {
  length: number;
  rules: CharsetRule[];
  /** Union of the rules' charsets, de-duplicated and sorted (random.getChars). */
  charset: string[];
}

const MIN_PASSWORD_LENGTH = 4;
const MAX_PASSWORD_LENGTH = 100;

/**
 * Parses a password policy (sdk/helper/random parser.go + string_generator.go validateConfig);
 * only the built-in `charset` rule exists. Throws 400 coded errors worded like
 * logical_system.go handlePoliciesPasswordSet.
 */
export function parsePasswordPolicy(text: string): PasswordPolicy {
  const invalid = (reason: string) =>
    new VaultCodedError(400, `invalid password policy: ${reason}`);
  let body;
  try {
    body = parseHcl(text);
  } catch (e) {
    if (e instanceof HclSyntaxError)
      throw invalid(`unable to decode: ${e.message}`);
    throw e;
  }
  const length = Number(body.attributes.get('length') ?? 0);
  const rules: CharsetRule[] = [];
  for (const block of body.blocks.filter(b => b.type === 'rule')) {
    const ruleType = block.labels[0] ?? '';
    if (ruleType !== 'charset')
      throw invalid(
        `unable to parse rules: unrecognized rule type ${ruleType}`,
      );
    const charset = [...String(block.body.attributes.get('charset') ?? '')];
    const minChars = Number(block.body.attributes.get('min-chars') ?? 0);
    if (charset.length === 0)
      throw invalid(
        'unable to parse rules: unable to parse rule charset: no charset specified',
      );
    rules.push({ charset, minChars });
  }
  const charset = [...new Set(rules.flatMap(r => r.charset))].sort();
  const problems: string[] = [];
  const minLength = rules.reduce((sum, r) => sum + r.minChars, 0);
  if (length <= 0) problems.push('length must be > 0');
  else if (length < minLength) {
    problems.push(
      `specified rules require at least ${minLength} characters but ${length} is specified`,
    );
  }
  if (charset.length === 0) problems.push('no charset specified');
  if (problems.length) throw invalid(multiErrorText(problems));
  if (length < MIN_PASSWORD_LENGTH || length > MAX_PASSWORD_LENGTH) {
    throw new VaultCodedError(
      400,
      `passwords must be between ${MIN_PASSWORD_LENGTH} and ${MAX_PASSWORD_LENGTH} characters`,
    );
  }
  return { length, rules, charset };
}

/** Vault gives each generation a 1s budget; attempts bound the same idea deterministically. */
const MAX_ATTEMPTS = 10_000;

/** StringGenerator.Generate: draw uniformly from the union charset until every rule passes. */
export function generatePassword(policy: PasswordPolicy): string | undefined {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const candidate = Array.from(
      { length: policy.length },
      () => policy.charset[randomInt(policy.charset.length)],
    );
    const passes = policy.rules.every(rule => {
      const allowed = new Set(rule.charset);
      return candidate.filter(ch => allowed.has(ch)).length >= rule.minChars;
    });
    if (passes) return candidate.join('');
  }
  return undefined;
}

/** Policies may be sent base64-encoded; Vault decodes when the text is valid base64. */
export function decodePolicyText(raw: string): string {
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(raw) && raw.length % 4 === 0) {
    const decoded = Buffer.from(raw, 'base64').toString('utf8');
    if (Buffer.from(decoded, 'utf8').toString('base64') === raw) return decoded;
  }
  return raw;
}
