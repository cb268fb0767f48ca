import { VaultCodedError } from '../http/errors';

/** The service-account identity a JWT claims, before the cluster confirms it by TokenReview. */
export interface ServiceAccountClaims {
  name: string;
  namespace: string;
  uid: string;
  secretName: string;
  audiences: string[];
  issuer?: string;
  expiresAt?: number;
}

const ALLOWED_ALGS = new Set([
  'RS256',
  'RS384',
  'RS512',
  'ES256',
  'ES384',
  'ES512',
  'PS256',
  'PS384',
  'PS512',
  'EdDSA',
]);

function decodeSegment(segment: string): Record<string, unknown> {
  return JSON.parse(
    Buffer.from(segment, 'base64url').toString('utf8'),
  ) as Record<string, unknown>;
}

/** The `aud` claim as a list: a JWT may carry one audience as a string or several as an array. */
function audienceList(aud: unknown): string[] {
  if (Array.isArray(aud)) return aud.map(String);
  if (typeof aud === 'string') return [aud];
  return [];
}

/**
 * Parses a service-account JWT the way vault-plugin-auth-kubernetes does without `pem_keys`:
 * the signature is not checked here (the TokenReview call is the proof); legacy secret-based
 * claims (`kubernetes.io/serviceaccount/...`) and projected-token claims (`kubernetes.io`) are
 * both understood. Failures are 403s carrying the parser's message, as in parseAndValidateJWT.
 */
export function parseServiceAccountJwt(
  jwt: string,
  nowMs: number,
): ServiceAccountClaims {
  const parts = jwt.split('.');
  if (parts.length !== 3) {
    throw new VaultCodedError(
      403,
      'go-jose/go-jose: compact JWS format must have three parts',
    );
  }
  let header: Record<string, unknown>;
  let claims: Record<string, unknown>;
  try {
    header = decodeSegment(parts[0]);
    claims = decodeSegment(parts[1]);
  } catch {
    throw new VaultCodedError(
      403,
      'go-jose/go-jose: invalid character in compact serialization',
    );
  }
  if (!ALLOWED_ALGS.has(String(header.alg))) {
    throw new VaultCodedError(
      403,
      `go-jose/go-jose: unexpected signature algorithm "${String(header.alg)}"`,
    );
  }
  const exp = typeof claims.exp === 'number' ? claims.exp : undefined;
  // cap/jwt allows 150s of clock skew when checking exp
  if (exp !== undefined && exp * 1000 + 150_000 < nowMs) {
    throw new VaultCodedError(
      403,
      'invalid expiration time (exp) claim: token is expired',
    );
  }
  const projected = claims['kubernetes.io'] as
    | { namespace?: string; serviceaccount?: { name?: string; uid?: string } }
    | undefined;
  return {
    name:
      projected?.serviceaccount?.name ??
      String(claims['kubernetes.io/serviceaccount/service-account.name'] ?? ''),
    namespace:
      projected?.namespace ??
      String(claims['kubernetes.io/serviceaccount/namespace'] ?? ''),
    uid:
      projected?.serviceaccount?.uid ??
      String(claims['kubernetes.io/serviceaccount/service-account.uid'] ?? ''),
    secretName: String(
      claims['kubernetes.io/serviceaccount/secret.name'] ?? '',
    ),
    audiences: audienceList(claims.aud),
    issuer: typeof claims.iss === 'string' ? claims.iss : undefined,
    expiresAt: exp,
  };
}

/** strutil.StrListContainsGlob: entries may use `*` as prefix/suffix glob. */
export function matchesGlobList(
  list: readonly string[],
  value: string,
): boolean {
  return list.some(item => {
    if (item === '*') return true;
    if (!item.includes('*')) return item === value;
    const escaped = item
      .split('*')
      .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
    return new RegExp(`^${escaped.join('.*')}$`).test(value);
  });
}
