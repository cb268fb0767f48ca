import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  applyDemoUserFromUrl,
  chooseDemoUser,
  DEMO_USER_COOKIE,
  DEMO_USERS,
  SIGN_IN_PROVIDER_KEY,
} from './demoUsers';

const cookie = () =>
  document.cookie
    .split('; ')
    .find(c => c.startsWith(`${DEMO_USER_COOKIE}=`))
    ?.slice(DEMO_USER_COOKIE.length + 1);

/** name -> the group it is a member of, from the demo catalog */
function catalogUsers(): Record<string, string> {
  const yaml = readFileSync(
    resolve(__dirname, '../../../../../catalog/org.yaml'),
    'utf8',
  );
  return Object.fromEntries(
    yaml
      .split(/^---$/m)
      .filter(doc => /^kind: User$/m.test(doc))
      .map(doc => [
        /^ {2}name: (\S+)$/m.exec(doc)![1],
        /memberOf: \[([^\]]+)\]/.exec(doc)![1].trim(),
      ]),
  );
}

describe('demo users', () => {
  beforeEach(() => {
    chooseDemoUser(undefined);
    localStorage.clear();
  });

  it('are the users of the demo catalog, with their teams', () => {
    expect(Object.fromEntries(DEMO_USERS.map(u => [u.name, u.team]))).toEqual(
      catalogUsers(),
    );
  });

  it('choosing one sets the cookie the backend reads and signs in as guest from then on', () => {
    chooseDemoUser('pat');
    expect(cookie()).toBe('pat');
    expect(localStorage.getItem(SIGN_IN_PROVIDER_KEY)).toBe('guest');
    chooseDemoUser(undefined);
    expect(cookie()).toBeUndefined();
  });

  it('?user= chooses a known user and leaves the address without it', () => {
    window.history.replaceState(null, '', '/secrets?user=sam&x=1');
    expect(applyDemoUserFromUrl()).toBe('sam');
    expect(cookie()).toBe('sam');
    expect(window.location.pathname + window.location.search).toBe(
      '/secrets?x=1',
    );
  });

  it('?user= with an unknown name changes nothing but the address', () => {
    chooseDemoUser('alice');
    window.history.replaceState(null, '', '/?user=mallory');
    expect(applyDemoUserFromUrl()).toBeUndefined();
    expect(cookie()).toBe('alice');
    expect(window.location.search).toBe('');
    window.history.replaceState(null, '', '/catalog');
    expect(applyDemoUserFromUrl()).toBeUndefined();
  });
});
