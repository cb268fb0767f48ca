import { KubeApiError } from '../types';

/**
 * Who a write is recorded under (endpoints/handlers/rest.go managerOrUserAgent and
 * prefixFromUserAgent): `?fieldManager=` when given, else the User-Agent up to its first `/`,
 * non-printable characters dropped, cut at 128 bytes. `kubectl/v1.20.2 (linux/amd64) ...` is
 * `kubectl`.
 */
export const FIELD_MANAGER_MAX_LENGTH = 128;

const NON_PRINTABLE = /[\p{C}\p{Z}]/u;

function printable(ch: string): boolean {
  return ch === ' ' || !NON_PRINTABLE.test(ch);
}

export function prefixFromUserAgent(userAgent: string | undefined): string {
  const head = (userAgent ?? '').split('/')[0];
  let out = '';
  let bytes = 0;
  for (const ch of head) {
    if (!printable(ch)) continue;
    const size = Buffer.byteLength(ch);
    if (bytes + size > FIELD_MANAGER_MAX_LENGTH) break;
    out += ch;
    bytes += size;
  }
  return out;
}

export function managerOrUserAgent(
  manager: string | null,
  userAgent: string | undefined,
): string {
  return manager || prefixFromUserAgent(userAgent);
}

/** `<Kind>Options.meta.k8s.io "" is invalid: ...` (validation.ValidatePatchOptions and friends). */
export function invalidOptions(
  kind: 'CreateOptions' | 'UpdateOptions' | 'PatchOptions',
  field: string,
  reason: string,
  message: string,
): KubeApiError {
  return new KubeApiError(
    422,
    'Invalid',
    `${kind}.meta.k8s.io "" is invalid: ${field}: ${message}`,
    {
      group: 'meta.k8s.io',
      kind,
      causes: [{ reason, message, field }],
    },
  );
}

/** ValidateFieldManager: at most 128 bytes, printable characters only. */
export function validateFieldManager(
  kind: 'CreateOptions' | 'UpdateOptions' | 'PatchOptions',
  manager: string | null,
): void {
  if (!manager) return;
  if (Buffer.byteLength(manager) > FIELD_MANAGER_MAX_LENGTH) {
    throw invalidOptions(
      kind,
      'fieldManager',
      'FieldValueTooLong',
      `Too long: may not be more than ${FIELD_MANAGER_MAX_LENGTH} bytes`,
    );
  }
}
