/*
 * docs/security.md names the permissions, the audit events and the tests behind its claims:
 * each must still be what the code has, so the threat model cannot silently drift from it.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { secretsPermissions } from '@secrets-plugin/plugin-secrets-common';
import { codeSpans, repoFile, section, tableRows } from './docsMarkdown';

/** Every `.ts` file under a directory of the backend's src, tests left out. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.includes('.test.') ? [path] : [];
  });
}

describe('docs/security.md', () => {
  const doc = repoFile('docs/security.md');

  it('lists the plugin permissions as they are declared', () => {
    const rows = tableRows(section(doc, 'Who can see and rotate what'));
    expect(
      rows.map(([name, type]) => ({
        name: codeSpans(name)[0],
        type: type.startsWith('resource') ? 'resource' : type,
        resourceType: codeSpans(type)[0],
      })),
    ).toEqual(
      secretsPermissions.map(p => ({
        name: p.name,
        type: p.type,
        resourceType: p.type === 'resource' ? p.resourceType : undefined,
      })),
    );
  });

  it('lists every audit event the backend creates, and no other', () => {
    const created = new Set<string>();
    // eslint-disable-next-line no-restricted-syntax
    for (const file of sourceFiles(join(__dirname, '..')))
      for (const m of readFileSync(file, 'utf8').matchAll(
        /eventId:\s*'([^']+)'/g,
      ))
        created.add(m[1]);
    const documented = tableRows(section(doc, 'What is audited')).map(
      ([id]) => codeSpans(id)[0],
    );
    expect([...documented].sort()).toEqual([...created].sort());
  });

  it.each([
    'What never leaves the backend',
    'How tenant isolation is enforced, layer by layer',
  ])('cites tests that exist, by file and title, in "%s"', heading => {
    const rows = tableRows(section(doc, heading)).filter(
      row => row.length === 2 && /\.test\.ts`/.test(row[1]),
    );
    expect(rows.length).toBeGreaterThanOrEqual(5);
    for (const [, cell] of rows) {
      const [file] = codeSpans(cell);
      const title = /"([^"]+)"/.exec(cell)?.[1];
      const source = repoFile(file).replace(/\s+/g, ' ');
      const named = ["'", '"', '`'].some(
        q =>
          source.includes(`it(${q}${title}${q}`) ||
          source.includes(`it( ${q}${title}${q}`),
      );
      expect({ file, title, named }).toEqual({ file, title, named: true });
    }
  });
});
