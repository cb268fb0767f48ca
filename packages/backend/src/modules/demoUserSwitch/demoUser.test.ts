import {
  DEMO_USER_COOKIE,
  demoUserEntityRef,
  demoUserFromCookies,
} from './demoUser';

describe('demoUserFromCookies', () => {
  it('reads the demo user among other cookies', () => {
    expect(
      demoUserFromCookies(`a=1; ${DEMO_USER_COOKIE}=pat; backstage-auth=xyz`),
    ).toBe('pat');
    expect(demoUserFromCookies(`${DEMO_USER_COOKIE}=sam`)).toBe('sam');
  });

  it('is undefined without the cookie, or with an empty one', () => {
    expect(demoUserFromCookies(undefined)).toBeUndefined();
    expect(demoUserFromCookies('other=pat')).toBeUndefined();
    expect(demoUserFromCookies(`${DEMO_USER_COOKIE}=`)).toBeUndefined();
    expect(demoUserFromCookies(`x${DEMO_USER_COOKIE}=pat`)).toBeUndefined();
  });

  it.each([
    'user:default/pat',
    '../admin',
    'pat%20bob',
    'a'.repeat(64),
    '%E0%A4%A',
  ])('refuses %s as a user name with a 400', value => {
    expect(() => demoUserFromCookies(`${DEMO_USER_COOKIE}=${value}`)).toThrow(
      expect.objectContaining({ name: 'InputError' }),
    );
  });
});

describe('demoUserEntityRef', () => {
  it('signs in as the chosen user, in the default namespace', () => {
    expect(demoUserEntityRef('pat', 'user:default/alice')).toBe(
      'user:default/pat',
    );
  });

  it('falls back to the configured guest user', () => {
    expect(demoUserEntityRef(undefined, 'user:default/alice')).toBe(
      'user:default/alice',
    );
    expect(demoUserEntityRef(undefined, undefined)).toBe(
      'user:development/guest',
    );
  });
});
