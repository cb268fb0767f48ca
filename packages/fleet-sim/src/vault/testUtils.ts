import type { VaultServerHandle } from './types';

export interface RawReply {
  status: number;
  /** Parsed JSON, or undefined for an empty body. */
  body: any;
  text: string;
  headers: Headers;
}

/** Plain-fetch access to the simulated Vault, for asserting exact statuses and bodies. */
export async function vaultFetch(
  vault: Pick<VaultServerHandle, 'url'>,
  method: string,
  path: string,
  options: {
    token?: string;
    body?: unknown;
    namespace?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<RawReply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers['X-Vault-Token'] = options.token;
  if (options.namespace) headers['X-Vault-Namespace'] = options.namespace;
  if (options.body !== undefined && !headers['Content-Type'])
    headers['Content-Type'] = 'application/json';
  const response = await fetch(`${vault.url}/v1/${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? JSON.parse(text) : undefined,
    text,
    headers: response.headers,
  };
}
