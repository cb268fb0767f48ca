import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { SimClock } from '../../clock/SimClock';

export interface TokenReviewConfig {
  kubernetesHost: string;
  kubernetesCaCert?: string;
  tokenReviewerJwt?: string;
}

export interface ReviewedServiceAccount {
  name: string;
  namespace: string;
  uid: string;
}

/** The whole TokenReview round trip is bounded by 30 simulated seconds. */
const REVIEW_TIMEOUT_SIM_MS = 30_000;

/**
 * Calls the issuing cluster's TokenReview API over HTTP(S) exactly like vault-plugin-auth-kubernetes
 * token_review.go: POST <host>/apis/authentication.k8s.io/v1/tokenreviews, bearer = the reviewer
 * JWT (or the client's JWT when none is configured), CA = kubernetes_ca_cert. Every failure is an
 * Error whose message matches the plugin's; the login handler turns them all into 403s.
 */
export async function reviewToken(
  config: TokenReviewConfig,
  jwt: string,
  audiences: string[],
  clock: SimClock,
): Promise<ReviewedServiceAccount> {
  const url = new URL(
    `${config.kubernetesHost.replace(
      /\/$/,
      '',
    )}/apis/authentication.k8s.io/v1/tokenreviews`,
  );
  // json.Marshal of authv1.TokenReview{Spec: ...}: Vault leaves kind/apiVersion empty (omitted)
  const body = JSON.stringify({
    metadata: { creationTimestamp: null },
    spec: { token: jwt, ...(audiences.length ? { audiences } : {}) },
    status: { user: {} },
  });
  const { status, text } = await post(
    url,
    body,
    config.tokenReviewerJwt || jwt,
    config.kubernetesCaCert,
    clock,
  );
  if (status < 200 || status > 206) {
    if (status === 401) {
      throw new Error(
        'lookup failed: service account unauthorized; this could mean it has been deleted or recreated with a new token',
      );
    }
    throw new Error(
      `the server responded with the status code ${status} but did not return more information (post)`,
    );
  }
  const review = JSON.parse(text) as {
    status?: {
      authenticated?: boolean;
      error?: string;
      audiences?: string[];
      user?: { username?: string; uid?: string };
    };
  };
  const result = review.status ?? {};
  if (result.error) throw new Error(`lookup failed: ${result.error}`);
  if (!result.authenticated)
    throw new Error('lookup failed: service account jwt not valid');
  if (
    audiences.length &&
    !audiences.some(a => (result.audiences ?? []).includes(a))
  ) {
    throw new Error(
      `lookup failed: service account jwt valid for audience(s) [${(
        result.audiences ?? []
      ).join(' ')}], but wanted [${audiences.join(' ')}]`,
    );
  }
  const parts = (result.user?.username ?? '').split(':');
  if (parts.length !== 4)
    throw new Error('lookup failed: unexpected username format');
  if (parts[0] !== 'system' || parts[1] !== 'serviceaccount') {
    throw new Error(
      'lookup failed: username returned is not a service account',
    );
  }
  return { namespace: parts[2], name: parts[3], uid: result.user?.uid ?? '' };
}

function post(
  url: URL,
  body: string,
  bearer: string,
  ca: string | undefined,
  clock: SimClock,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const options = {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${bearer}`,
        'Content-Type': 'application/json',
        Accept: 'application/json',
        'Content-Length': Buffer.byteLength(body),
      },
      ...(url.protocol === 'https:' && ca ? { ca } : {}),
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, options);
    const timer = clock.setTimer(REVIEW_TIMEOUT_SIM_MS, () =>
      req.destroy(new Error('context deadline exceeded')),
    );
    req.once('response', res => {
      const chunks: Buffer[] = [];
      res.on('data', chunk => chunks.push(chunk));
      res.on('end', () => {
        clock.clearTimer(timer);
        resolve({
          status: res.statusCode ?? 0,
          text: Buffer.concat(chunks).toString('utf8'),
        });
      });
      res.on('error', reject);
    });
    req.on('error', error => {
      clock.clearTimer(timer);
      reject(error);
    });
    req.end(body);
  });
}
