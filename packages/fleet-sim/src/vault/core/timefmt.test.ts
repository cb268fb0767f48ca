import { goDurationString, parseDurationSeconds, rfc3339Nano } from './timefmt';
import { parseHcl } from './hcl';

describe('Go-style time formatting', () => {
  it('prints RFC 3339 with trimmed nanoseconds like time.RFC3339Nano', () => {
    const ms = Date.UTC(2026, 0, 2, 3, 4, 5, 120);
    expect(rfc3339Nano(ms)).toBe('2026-01-02T03:04:05.12Z');
    expect(rfc3339Nano(ms - 120)).toBe('2026-01-02T03:04:05Z');
    // epoch milliseconds as doubles keep ~0.2µs: sub-millisecond digits come from scaled clocks
    expect(rfc3339Nano(ms + 0.5)).toBe('2026-01-02T03:04:05.1205Z');
  });

  it('prints durations like time.Duration.String()', () => {
    expect(goDurationString(0)).toBe('0s');
    expect(goDurationString(45)).toBe('45s');
    expect(goDurationString(90)).toBe('1m30s');
    expect(goDurationString(2764800)).toBe('768h0m0s');
    expect(goDurationString(-1)).toBe('-1s');
  });

  it('parses Vault duration fields', () => {
    expect(parseDurationSeconds(30)).toBe(30);
    expect(parseDurationSeconds('30')).toBe(30);
    expect(parseDurationSeconds('1h30m')).toBe(5400);
    expect(parseDurationSeconds('2d')).toBe(172800);
    expect(parseDurationSeconds('soon')).toBeUndefined();
  });
});

describe('parseHcl', () => {
  it('reads attributes, labelled blocks, lists, objects and comments', () => {
    const body = parseHcl(`
      # comment
      length = 20 // trailing
      /* block
         comment */
      path "secret/data/*" {
        capabilities = ["read", "list",]
        allowed_parameters = { "foo" = [] }
      }
      rule "charset" { charset = "ab\\"c" min-chars = 1 }
    `);
    expect(body.attributes.get('length')).toBe(20);
    expect(body.blocks.map(b => [b.type, b.labels])).toEqual([
      ['path', ['secret/data/*']],
      ['rule', ['charset']],
    ]);
    expect(body.blocks[0].body.attributes.get('capabilities')).toEqual([
      'read',
      'list',
    ]);
    expect(body.blocks[0].body.attributes.get('allowed_parameters')).toEqual({
      foo: [],
    });
    expect(body.blocks[1].body.attributes.get('charset')).toBe('ab"c');
    expect(body.blocks[1].body.attributes.get('min-chars')).toBe(1);
  });

  it('reports syntax errors', () => {
    expect(() => parseHcl('path "x" { capabilities = ["read" ')).toThrow();
    expect(() => parseHcl('a = "unterminated')).toThrow('unterminated string');
  });
});
