import type { RotatorSpec } from './types';

/** On an ExternalSecret: which keys of the Vault secret may be regenerated, and how. */
export const ROTATE_ANNOTATION = 'secrets.backstage.io/rotate';

/**
 * `password` · `password=random:48:symbols` · `pin=vault-password-policy:pins, api_key`.
 * A key without a rotator gets `defaultRotator`. Keys not listed are carried over untouched.
 */
export function parseRotateAnnotation(
  text: string,
  defaultRotator: string,
): RotatorSpec[] | string {
  const specs: RotatorSpec[] = [];
  for (const item of text
    .split(',')
    .map(s => s.trim())
    .filter(Boolean)) {
    const [key, how] = item.split('=', 2).map(s => s.trim());
    if (!/^[-._a-zA-Z0-9]+$/.test(key ?? ''))
      return `'${item}' does not start with a key name (letters, digits, -, _ or .)`;
    const [rotator, ...rest] = (how || defaultRotator).split(':');
    if (specs.some(s => s.key === key)) return `key '${key}' is listed twice`;
    specs.push({
      key,
      rotator,
      argument: rest.length ? rest.join(':') : undefined,
    });
  }
  return specs.length ? specs : `${ROTATE_ANNOTATION} lists no key`;
}
