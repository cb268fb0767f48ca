import {
  encodedForms,
  findValue,
  isSecretCandidate,
} from './__testUtils__/leakRule';
import { LeakScanner } from './__testUtils__/LeakScanner';

describe('the leak rule', () => {
  it('finds a value plain, base64, base64url, URL-encoded and JSON-escaped', () => {
    const value = 'p4ss"w/rd?+&é>>';
    const forms = Object.fromEntries(
      encodedForms(value).map(f => [f.encoding, f.needle]),
    );
    expect([...new Set(Object.keys(forms))]).toEqual([
      'plain',
      'base64',
      'base64url',
      'url',
      'json',
    ]);
    expect(findValue(`{"v":${JSON.stringify(value)}}`, value)).toEqual([
      'json',
    ]);
    expect(
      findValue(`data: ${Buffer.from(value).toString('base64')}`, value),
    ).toEqual(['base64']);
    expect(findValue(Buffer.from(value).toString('base64url'), value)).toEqual([
      'base64url',
    ]);
    expect(findValue(`/x?q=${encodeURIComponent(value)}`, value)).toEqual([
      'url',
    ]);
    expect(findValue(`said ${value} here`, value)).toEqual(['plain']);
    expect(findValue('nothing to see', value)).toEqual([]);
    // inside a longer base64 document, at each of the three alignments
    for (const prefix of ['', 'a', 'ab', 'abc'])
      expect(
        findValue(
          Buffer.from(`${prefix}{"password":"${value}","more":1}`).toString(
            'base64',
          ),
          value,
        ),
      ).toContain('base64');
  });

  it('leaves out short values and values a public identifier contains', () => {
    expect(isSecretCandidate('12345')).toBe(false);
    expect(isSecretCandidate('123456')).toBe(true);
    expect(isSecretCandidate('ledger', ['ledger-worker'])).toBe(false);
    expect(isSecretCandidate('kafka-pw-1', ['ledger-worker'])).toBe(true);
  });

  it('does not take the base64 of a public prefix of a value for the value', () => {
    // the first six bytes of canary-1 encode as Y2FuYXJ5, which is any encoded "canary..."
    const mention = Buffer.from('canary|platform').toString('base64');
    expect(findValue(mention, 'canary-1', ['platform-canary'])).toEqual([]);
    expect(
      findValue(Buffer.from('x:canary-1').toString('base64'), 'canary-1', [
        'platform-canary',
      ]),
    ).toEqual(['base64']);
  });
});

describe('LeakScanner', () => {
  it('reports where a planted value is and where it came from, never the value', () => {
    const scanner = new LeakScanner(['payments']);
    expect(
      scanner.add('pg-7Hq2-first', 'vault team-payments|secret|db@1'),
    ).toBe(true);
    expect(scanner.add('payments', 'vault username')).toBe(false);
    const hits = scanner.scan([
      { kind: 'log', where: 'line 0', text: 'rotated the payments db' },
      { kind: 'log', where: 'line 1', text: 'oops: pg-7Hq2-first' },
      {
        kind: 'http',
        where: 'GET /x',
        text: Buffer.from('{"password":"pg-7Hq2-first"}').toString('base64'),
      },
    ]);
    expect(hits).toEqual([
      {
        kind: 'log',
        where: 'line 1',
        origin: 'vault team-payments|secret|db@1',
        encodings: ['plain'],
      },
      {
        kind: 'http',
        where: 'GET /x',
        origin: 'vault team-payments|secret|db@1',
        encodings: ['base64'],
      },
    ]);
    expect(JSON.stringify(hits)).not.toContain('pg-7Hq2-first');
  });
});
