import {
  createPublicKey,
  generateKeyPairSync,
  KeyObject,
  randomUUID,
  sign,
  verify,
} from 'node:crypto';

/**
 * Bound service-account tokens as the API server's TokenRequest issues them: ES256 JWTs with the
 * `kubernetes.io` private claim. Only this cluster's key verifies them.
 */
export const SERVICE_ACCOUNT_ISSUER =
  'https://kubernetes.default.svc.cluster.local';

export interface ServiceAccountClaims {
  aud: string[];
  exp: number;
  iat: number;
  nbf: number;
  iss: string;
  jti: string;
  sub: string;
  'kubernetes.io': {
    namespace: string;
    serviceaccount: { name: string; uid: string };
  };
}

export class ServiceAccountSigner {
  readonly #privateKey: KeyObject;
  readonly #publicKey: KeyObject;
  readonly keyId: string;

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('ec', {
      namedCurve: 'P-256',
    });
    this.#privateKey = privateKey;
    this.#publicKey = publicKey;
    this.keyId = randomUUID().replace(/-/g, '');
  }

  /** PEM of the verification key (what --service-account-key-file / the OIDC JWKS exposes). */
  publicKeyPem(): string {
    return createPublicKey(this.#privateKey)
      .export({ type: 'spki', format: 'pem' })
      .toString();
  }

  sign(claims: ServiceAccountClaims): string {
    const header = { alg: 'ES256', kid: this.keyId };
    const encoded = `${b64(header)}.${b64(claims)}`;
    const signature = sign('sha256', Buffer.from(encoded), {
      key: this.#privateKey,
      dsaEncoding: 'ieee-p1363',
    });
    return `${encoded}.${signature.toString('base64url')}`;
  }

  /** Claims when the signature is ours, otherwise undefined (expiry is the caller's business). */
  verify(token: string): ServiceAccountClaims | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    try {
      const ok = verify(
        'sha256',
        Buffer.from(`${parts[0]}.${parts[1]}`),
        { key: this.#publicKey, dsaEncoding: 'ieee-p1363' },
        Buffer.from(parts[2], 'base64url'),
      );
      return ok
        ? JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'))
        : undefined;
    } catch {
      return undefined;
    }
  }
}

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
