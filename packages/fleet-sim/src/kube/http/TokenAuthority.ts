import { randomBytes, randomUUID } from 'node:crypto';
import { KubeObject } from '../types';
import type { InMemoryClusterStore } from '../store/InMemoryClusterStore';
import { ServiceAccountGrants } from '../rbac/accessRuleGrants';
import { Authorizer } from '../rbac/Authorizer';
import type { UserInfo } from '../rbac/policyRule';
import { AccessRule } from './accessRules';
import {
  SERVICE_ACCOUNT_ISSUER,
  ServiceAccountSigner,
} from './serviceAccountJwt';

export interface Identity {
  user: string;
  uid: string;
  groups: string[];
  /** a static token's own rules; empty for service accounts, whose rights are RBAC objects */
  rules: AccessRule[];
  /** credential id for TokenReview's `extra` (JTI of a service-account token) */
  credentialId?: string;
}

export interface IssueTokenOptions {
  /** user name shown in 403 messages and TokenReview (default `fleet-sim:user-<n>`) */
  user?: string;
  groups?: string[];
}

export interface ServiceAccountTokenOptions {
  /** rights of the service account (all its tokens), written as RBAC objects; kept when omitted */
  rules?: AccessRule[];
  /** default 3600 simulated seconds, like a projected token */
  expirationSeconds?: number;
  audiences?: string[];
}

export type TokenReviewStatus =
  | { authenticated: true; user: Record<string, unknown>; audiences: string[] }
  | { user: Record<string, never>; error: string };

const SA = { group: '', resource: 'serviceaccounts' };

/** UserInfo of an authenticated request, as authorizers and SelfSubjectReview see it. */
export function userInfoOf(identity: Identity): UserInfo {
  const info: UserInfo = {
    username: identity.user,
    uid: identity.uid,
    groups: identity.groups,
  };
  if (identity.credentialId)
    info.extra = {
      'authentication.kubernetes.io/credential-id': [identity.credentialId],
    };
  return info;
}

/**
 * Authentication for one cluster: random static bearer tokens with per-token rules, and
 * service-account JWTs, whose rights are the cluster's RBAC objects; and the authorizer chain
 * that decides on both (the bootstrap RBAC policy is reconciled when the authority is created).
 */
export class TokenAuthority {
  readonly #store: InMemoryClusterStore;
  readonly #signer = new ServiceAccountSigner();
  readonly #static = new Map<string, Identity>();
  readonly #grants: ServiceAccountGrants;
  readonly authorizer: Authorizer;
  readonly #revokedJti = new Set<string>();
  #userCount = 0;

  constructor(store: InMemoryClusterStore) {
    this.#store = store;
    this.authorizer = new Authorizer(store);
    this.#grants = new ServiceAccountGrants(store, store.catalog);
  }

  get serviceAccountIssuer(): string {
    return SERVICE_ACCOUNT_ISSUER;
  }

  serviceAccountPublicKeyPem(): string {
    return this.#signer.publicKeyPem();
  }

  issueToken(rules: AccessRule[], options: IssueTokenOptions = {}): string {
    const token = randomBytes(32).toString('base64url');
    this.#static.set(token, {
      user: options.user ?? `fleet-sim:user-${++this.#userCount}`,
      uid: randomUUID(),
      groups: [...(options.groups ?? []), 'system:authenticated'],
      rules,
    });
    return token;
  }

  grantServiceAccount(
    namespace: string,
    name: string,
    rules: AccessRule[],
  ): void {
    this.#grants.grant(namespace, name, rules);
  }

  /** A TokenRequest-style token; creates the ServiceAccount if it does not exist yet. */
  issueServiceAccountToken(
    namespace: string,
    name: string,
    options: ServiceAccountTokenOptions = {},
  ): string {
    const account =
      this.#store.get(SA, namespace, name) ??
      this.#store.create(SA, {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name, namespace },
      });
    if (options.rules) this.grantServiceAccount(namespace, name, options.rules);
    const now = Math.floor(this.#store.clock.now() / 1000);
    return this.#signer.sign({
      aud: options.audiences ?? [SERVICE_ACCOUNT_ISSUER],
      exp: now + (options.expirationSeconds ?? 3600),
      iat: now,
      nbf: now,
      iss: SERVICE_ACCOUNT_ISSUER,
      jti: randomUUID(),
      sub: `system:serviceaccount:${namespace}:${name}`,
      'kubernetes.io': {
        namespace,
        serviceaccount: { name, uid: account.metadata.uid! },
      },
    });
  }

  revokeToken(token: string): void {
    if (this.#static.delete(token)) return;
    const claims = this.#signer.verify(token);
    if (claims) this.#revokedJti.add(claims.jti);
  }

  authenticate(token: string | undefined): Identity | undefined {
    if (!token) return undefined;
    const result = this.#resolve(token);
    return 'identity' in result ? result.identity : undefined;
  }

  /** authentication.k8s.io TokenReview semantics, including audience intersection. */
  review(token: string, audiences: string[] = []): TokenReviewStatus {
    const result = this.#resolve(token);
    if (!('identity' in result))
      return { user: {}, error: `[invalid bearer token, ${result.error}]` };
    const tokenAudiences = result.audiences;
    const matched = audiences.length
      ? audiences.filter(a => tokenAudiences.includes(a))
      : tokenAudiences;
    if (audiences.length && matched.length === 0) {
      return {
        user: {},
        error: `[invalid bearer token, token audiences ${JSON.stringify(
          tokenAudiences,
        )} is invalid for the target audiences ${JSON.stringify(audiences)}]`,
      };
    }
    const { identity } = result;
    const user: Record<string, unknown> = {
      username: identity.user,
      uid: identity.uid,
      groups: identity.groups,
    };
    if (identity.credentialId)
      user.extra = {
        'authentication.kubernetes.io/credential-id': [identity.credentialId],
      };
    return { authenticated: true, user, audiences: matched };
  }

  #resolve(
    token: string,
  ): { identity: Identity; audiences: string[] } | { error: string } {
    const known = this.#static.get(token);
    if (known) return { identity: known, audiences: [SERVICE_ACCOUNT_ISSUER] };
    const claims = this.#signer.verify(token);
    if (!claims)
      return { error: 'square/go-jose: error in cryptographic primitive' };
    if (claims.iss !== SERVICE_ACCOUNT_ISSUER)
      return { error: 'token issuer is not trusted' };
    if (claims.exp * 1000 < this.#store.clock.now())
      return { error: 'service account token has expired' };
    if (this.#revokedJti.has(claims.jti))
      return { error: 'service account token has been invalidated' };
    const { namespace, serviceaccount } = claims['kubernetes.io'];
    const account: KubeObject | undefined = this.#store.get(
      SA,
      namespace,
      serviceaccount.name,
    );
    if (!account || account.metadata.uid !== serviceaccount.uid) {
      return { error: 'service account token has been invalidated' };
    }
    return {
      identity: {
        user: claims.sub,
        uid: serviceaccount.uid,
        groups: [
          'system:serviceaccounts',
          `system:serviceaccounts:${namespace}`,
          'system:authenticated',
        ],
        rules: [],
        credentialId: `JTI=${claims.jti}`,
      },
      audiences: claims.aud,
    };
  }
}
