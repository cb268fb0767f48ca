import { randomInt } from 'node:crypto';
import type { Rotator, RotatorTarget } from './types';

/** Character sets by name; `symbols` leaves out quotes, backslash and space (shell- and YAML-safe). */
export const CHARSETS: Record<string, string> = {
  alnum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  alpha: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  hex: '0123456789abcdef',
  base64url: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
  symbols:
    'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&()*+,-./:;<=>?@[]^_{|}~',
};

const MIN_LENGTH = 16;
const MAX_LENGTH = 256;

/** `32`, `32:hex`, `hex`: length (default 32) and charset (default alnum). */
export function parseRandomArgument(
  argument: string | undefined,
): { length: number; charset: string } | string {
  let length = 32;
  let charset = 'alnum';
  for (const part of (argument ?? '').split(':').filter(Boolean)) {
    if (/^\d+$/.test(part)) length = Number(part);
    else if (part in CHARSETS) charset = part;
    else
      return `unknown random option '${part}' (a length from ${MIN_LENGTH} to ${MAX_LENGTH}, or one of ${Object.keys(
        CHARSETS,
      ).join(', ')})`;
  }
  if (length < MIN_LENGTH || length > MAX_LENGTH)
    return `random length ${length} is outside ${MIN_LENGTH}..${MAX_LENGTH}`;
  return { length, charset };
}

/** Uniform random strings from node:crypto (randomInt has no modulo bias). */
export class RandomRotator implements Rotator {
  readonly id = 'random';

  canGenerate(target: RotatorTarget): true | string {
    const parsed = parseRandomArgument(target.spec.argument);
    return typeof parsed === 'string' ? parsed : true;
  }

  async generate(target: RotatorTarget): Promise<string> {
    const parsed = parseRandomArgument(target.spec.argument);
    if (typeof parsed === 'string') throw new Error(parsed);
    const alphabet = CHARSETS[parsed.charset];
    let value = '';
    for (let i = 0; i < parsed.length; i++)
      value += alphabet[randomInt(alphabet.length)];
    return value;
  }
}
