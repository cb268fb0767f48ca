import { parseRotateAnnotation } from './rotateAnnotation';
import { planKeys } from './planKeys';
import { CHARSETS, RandomRotator } from './RandomRotator';
import { VaultPasswordPolicyRotator } from './VaultPasswordPolicyRotator';
import type { Rotator } from './types';

const vault = { server: 'https://vault.example.com', serverName: 'main' };

describe('RandomRotator', () => {
  const rotator = new RandomRotator();
  const target = (argument?: string) => ({
    spec: { key: 'password', rotator: 'random', argument },
    vault,
  });

  it('makes 32 alphanumeric characters by default, different each time', async () => {
    const a = await rotator.generate(target());
    const b = await rotator.generate(target());
    expect(a).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(a).not.toBe(b);
  });

  it.each([
    ['48:hex', /^[0-9a-f]{48}$/],
    ['symbols', /^[\x21-\x7e]{32}$/],
    ['64:base64url', /^[-_A-Za-z0-9]{64}$/],
  ])('honours %s', async (argument, pattern) => {
    const value = await rotator.generate(target(argument));
    expect(value).toMatch(pattern);
    expect(value).not.toMatch(/["'\\ `]/);
  });

  it('uses every character of the set, roughly evenly', async () => {
    const seen = new Map<string, number>();
    for (let i = 0; i < 200; i++)
      for (const c of await rotator.generate(target('256:hex')))
        seen.set(c, (seen.get(c) ?? 0) + 1);
    expect([...seen.keys()].sort().join('')).toBe(CHARSETS.hex);
    // 51,200 draws over 16 symbols: each near 3,200
    for (const n of seen.values()) expect(Math.abs(n - 3200)).toBeLessThan(400);
  });

  it.each([
    ['8', /outside 16..256/],
    ['999', /outside 16..256/],
    ['emoji', /unknown random option 'emoji'/],
  ])('refuses %s with a reason', (argument, reason) => {
    expect(rotator.canGenerate(target(argument))).toMatch(reason);
  });
});

describe('VaultPasswordPolicyRotator', () => {
  it('asks Vault for a password from the named policy', async () => {
    const generatePassword = jest.fn().mockResolvedValue('from-vault');
    const rotator = new VaultPasswordPolicyRotator({ generatePassword });
    const target = {
      spec: { key: 'pin', rotator: 'vault-password-policy', argument: 'pins' },
      vault,
    };
    expect(rotator.canGenerate(target)).toBe(true);
    await expect(rotator.generate(target, {})).resolves.toBe('from-vault');
    expect(generatePassword).toHaveBeenCalledWith(vault, 'pins', {});
  });

  it('needs a valid policy name', () => {
    const rotator = new VaultPasswordPolicyRotator({
      generatePassword: jest.fn(),
    });
    const spec = (argument?: string) => ({
      spec: { key: 'pin', rotator: 'vault-password-policy', argument },
      vault,
    });
    expect(rotator.canGenerate(spec())).toMatch(/needs a policy name/);
    expect(rotator.canGenerate(spec('../sys'))).toMatch(
      /is not a Vault password policy name/,
    );
  });
});

describe('parseRotateAnnotation', () => {
  it('reads keys, rotators and arguments, with a default rotator', () => {
    expect(
      parseRotateAnnotation(
        'password=random:48:symbols, pin=vault-password-policy:pins,api_key',
        'random',
      ),
    ).toEqual([
      { key: 'password', rotator: 'random', argument: '48:symbols' },
      { key: 'pin', rotator: 'vault-password-policy', argument: 'pins' },
      { key: 'api_key', rotator: 'random', argument: undefined },
    ]);
  });

  it.each([
    ['', /lists no key/],
    ['password,password', /listed twice/],
    ['=random', /does not start with a key name/],
  ])('refuses %j', (text, reason) => {
    expect(parseRotateAnnotation(text, 'random')).toMatch(reason);
  });
});

describe('planKeys', () => {
  const rotators = new Map<string, Rotator>([['random', new RandomRotator()]]);

  it('regenerates declared keys and carries the others over, never guessing', () => {
    expect(
      planKeys(
        ['username', 'password', 'host'],
        [{ key: 'password', rotator: 'random', argument: '40' }],
        rotators,
        vault,
      ),
    ).toEqual([
      { name: 'password', action: 'regenerate', rotator: 'random:40' },
      { name: 'host', action: 'carry-over' },
      { name: 'username', action: 'carry-over' },
    ]);
  });

  it('says why a declared key cannot be made', () => {
    expect(
      planKeys(
        ['password'],
        [{ key: 'password', rotator: 'ldap' }],
        rotators,
        vault,
      ),
    ).toEqual([
      {
        name: 'password',
        action: 'regenerate',
        problem: "no rotator 'ldap' is installed (known: random)",
      },
    ]);
  });
});
