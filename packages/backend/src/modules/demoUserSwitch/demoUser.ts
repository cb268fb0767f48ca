/**
 * Which catalog user the demo's guest signs in as: the `secrets-demo-user` cookie that the demo
 * app's sign-in page (or `?user=`) sets, else `auth.providers.guest.userEntityRef`. Demo only: it
 * lets anyone be anyone, exactly like the guest provider it replaces, and is as restricted
 * (development only unless `dangerouslyAllowOutsideDevelopment`).
 */
export const DEMO_USER_COOKIE = 'secrets-demo-user';

/** A catalog entity name, as the cookie may carry it; anything else is refused, not guessed. */
const USER_NAME = /^[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?$/i;

function inputError(message: string): Error {
  // the name is what Backstage's error handler maps to a 400 (as @backstage/errors' InputError)
  return Object.assign(new Error(message), { name: 'InputError' });
}

/** The user named by the cookie header, if any. */
export function demoUserFromCookies(
  cookieHeader: string | undefined,
): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== DEMO_USER_COOKIE) continue;
    let value: string;
    try {
      value = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      throw inputError(`The ${DEMO_USER_COOKIE} cookie is not valid`);
    }
    if (!value) return undefined;
    if (!USER_NAME.test(value))
      throw inputError(
        `The ${DEMO_USER_COOKIE} cookie must name a catalog user, like alice`,
      );
    return value;
  }
  return undefined;
}

/** The entity ref to sign in as: the cookie's user in the default namespace, else the default. */
export function demoUserEntityRef(
  cookieUser: string | undefined,
  defaultRef: string | undefined,
): string {
  if (cookieUser) return `user:default/${cookieUser.toLowerCase()}`;
  return defaultRef ?? 'user:development/guest';
}
