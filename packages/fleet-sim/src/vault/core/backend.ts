import type { IncomingHttpHeaders } from 'node:http';
import type { Namespace } from './namespaces';
import type { Mount } from './mounts';
import type { TokenEntry } from '../tokens/TokenStore';
import type { VaultCore } from './VaultCore';

/** Vault's logical operations; POST/PUT become create or update after the existence check. */
export type Operation =
  | 'read'
  | 'list'
  | 'create'
  | 'update'
  | 'patch'
  | 'delete';

export interface BackendRequest {
  operation: Operation;
  /** Path relative to the mount, e.g. `data/app/db` for `secret/data/app/db`. */
  path: string;
  data: Record<string, unknown>;
  namespace: Namespace;
  mount: Mount;
  core: VaultCore;
  headers: IncomingHttpHeaders;
  /** Set on authenticated requests. */
  token?: TokenEntry;
}

/** The `auth` block of login and token-creation responses (logical.HTTPAuth). */
export interface AuthBlock {
  client_token: string;
  accessor: string;
  policies: string[];
  token_policies: string[];
  metadata: Record<string, string> | null;
  lease_duration: number;
  renewable: boolean;
  entity_id: string;
  token_type: 'service';
  orphan: boolean;
  mfa_requirement: null;
  num_uses: number;
}

export interface BackendResponse {
  data?: Record<string, unknown> | null;
  auth?: AuthBlock;
  warnings?: string[];
  /** lease_duration of a KV v1 read (its advisory `ttl`). */
  leaseDuration?: number;
  /**
   * `logical.RespondWithStatusCode`: the envelope is sent with this status (used for KV v2's
   * 404-with-metadata). With `bodyless` nothing is written, like RespondWithStatusCode(nil, ...).
   */
  statusCode?: number;
  bodyless?: boolean;
  /** Legacy sys endpoints (sys/mounts, sys/auth, sys/policy) also echo `data` at the top level. */
  echoDataAtTopLevel?: boolean;
}

export type BackendResult = BackendResponse | undefined;

export interface Backend {
  /** The mount type shown in `mount_type` and sys/mounts (`kv`, `system`, `token`, ...). */
  readonly type: string;
  /** Existence check deciding create vs update; undefined when the path has none. */
  existenceCheck?(req: BackendRequest): boolean | undefined;
  /** Paths served without a token (login endpoints). */
  isLoginPath?(path: string): boolean;
  /** Paths that additionally need `sudo` (Vault's root-protected paths). */
  isSudoPath?(path: string): boolean;
  handle(req: BackendRequest): BackendResult | Promise<BackendResult>;
}
