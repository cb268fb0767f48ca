import { renderGoTemplate } from './goTemplate';

describe('Go template subset', () => {
  const data = { version: '7', password: 's3cret', user: 'app' };

  it('renders fields, index, literals and pipelines', () => {
    expect(renderGoTemplate('k', 'v{{ .version }}', data)).toBe('v7');
    expect(
      renderGoTemplate(
        'k',
        '{{ index . "user" }}:{{ .password | b64enc }}',
        data,
      ),
    ).toBe('app:czNjcmV0');
    expect(renderGoTemplate('k', '{{ .user | upper | quote }}', data)).toBe(
      '"APP"',
    );
    expect(renderGoTemplate('k', 'a  {{- .user -}}  b', data)).toBe('aappb');
  });

  it('fails like missingkey=error and on unknown functions', () => {
    expect(() => renderGoTemplate('k', '{{ .nope }}', data)).toThrow(
      'map has no entry for key "nope"',
    );
    expect(() => renderGoTemplate('k', '{{ frobnicate .user }}', data)).toThrow(
      'function "frobnicate" not defined',
    );
  });
});
