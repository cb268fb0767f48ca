import { gjsonGet } from './gjson';
import { goByteValue, goJsonMarshal } from './goJson';

describe('gjson subset and Go JSON', () => {
  const doc = {
    db: { user: 'app', port: 5432, tags: ['a', 'b'] },
    'a.b': 'dotted',
    ok: true,
  };

  it('walks nested objects and arrays', () => {
    expect(gjsonGet(doc, 'db.user')).toBe('app');
    expect(gjsonGet(doc, 'db.port')).toBe('5432');
    expect(gjsonGet(doc, 'db.tags.1')).toBe('b');
    expect(gjsonGet(doc, 'db.tags.#')).toBe('2');
    expect(gjsonGet(doc, 'a\\.b')).toBe('dotted');
    expect(gjsonGet(doc, 'db')).toBe(
      '{"port":5432,"tags":["a","b"],"user":"app"}',
    );
    expect(gjsonGet(doc, 'db.missing')).toBeUndefined();
  });

  it('marshals like encoding/json: sorted keys and HTML escaping', () => {
    expect(goJsonMarshal({ b: '<x>', a: 1 })).toBe(
      '{"a":1,"b":"\\u003cx\\u003e"}',
    );
    expect(goByteValue(12.5).toString()).toBe('12.5');
    expect(goByteValue({ z: 1, a: 2 }).toString()).toBe('{"a":2,"z":1}');
  });
});
