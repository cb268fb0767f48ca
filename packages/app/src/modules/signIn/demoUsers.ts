/**
 * The demo's users (catalog/org.yaml) and how the demo app picks one: a cookie the demo backend's
 * guest provider reads (packages/backend/src/modules/demoUserSwitch), so switching user needs no
 * restart. The plugin knows nothing of this; it is the demo's sign-in only.
 */
export const DEMO_USER_COOKIE = 'secrets-demo-user';

/** Where Backstage's SignInPage remembers the provider to sign in with silently on load. */
export const SIGN_IN_PROVIDER_KEY = '@backstage/core:SignInPage:provider';

export interface DemoUser {
  name: string;
  displayName: string;
  team: string;
  can: string;
}

export const DEMO_USERS: DemoUser[] = [
  {
    name: 'alice',
    displayName: 'Alice Payne',
    team: 'team-payments',
    can: "Reads and rotates the payments components' secrets (payments-api, checkout-web, ledger-worker).",
  },
  {
    name: 'bob',
    displayName: 'Bob Ledger',
    team: 'team-payments',
    can: 'The same as alice: another member of team-payments (four-eyes approvals).',
  },
  {
    name: 'sam',
    displayName: 'Sam Seeker',
    team: 'team-search',
    can: "Reads search-indexer's secrets, and is refused the payments ones.",
  },
  {
    name: 'pat',
    displayName: 'Pat Platform',
    team: 'platform-team',
    can: 'The whole fleet page (every tenant) and store revalidation.',
  },
];

/** Sign in as `name` on the next guest sign-in; undefined: the demo's default user. */
export function chooseDemoUser(name: string | undefined): void {
  document.cookie = name
    ? `${DEMO_USER_COOKIE}=${encodeURIComponent(
        name,
      )}; path=/; max-age=31536000; SameSite=Lax`
    : `${DEMO_USER_COOKIE}=; path=/; max-age=0; SameSite=Lax`;
  // the sign-in page then signs in as the guest without asking again
  localStorage.setItem(SIGN_IN_PROVIDER_KEY, 'guest');
}

/**
 * `?user=pat` on any page: sign in as pat from now on, and drop the parameter from the address.
 * Runs before the app renders, so the sign-in it does on load is already pat's.
 */
export function applyDemoUserFromUrl(
  location: Location = window.location,
  history: History = window.history,
): string | undefined {
  const url = new URL(location.href);
  const user = url.searchParams.get('user');
  if (user === null) return undefined;
  const known = DEMO_USERS.find(u => u.name === user.trim().toLowerCase());
  url.searchParams.delete('user');
  history.replaceState(history.state, '', url.toString());
  if (!known) return undefined;
  chooseDemoUser(known.name);
  return known.name;
}
