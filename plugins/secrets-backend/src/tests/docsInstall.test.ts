/*
 * docs/install.md's configuration reference must list every key config.d.ts declares, name no key
 * it does not declare, and state each default config.d.ts documents, so a new key or a changed
 * default cannot ship undocumented. scripts/ci/fresh-app.sh holds the page's install steps to
 * account the same way, by running them in a new app.
 */
import ts from 'typescript';
import { codeSpans, repoFile, section, tableRows } from './docsMarkdown';

/*
 * Every key path config.d.ts declares, read with the TypeScript compiler:
 * `secrets.clusters[].name`, `secrets.rotation.environments.<environment>.cooldown`, and one path
 * per member of a union of objects (`secrets.vault[].auth.roleId`), following the file's own type
 * aliases.
 */

interface ConfigKey {
  path: string;
  optional: boolean;
  /** The JSDoc text, tags left out. */
  doc: string;
}

function configKeyPaths(source: string): ConfigKey[] {
  const file = ts.createSourceFile(
    'config.d.ts',
    source,
    ts.ScriptTarget.Latest,
    true,
  );
  const aliases = new Map<string, ts.TypeNode>();
  let root: ts.InterfaceDeclaration | undefined;
  for (const node of file.statements) {
    if (ts.isTypeAliasDeclaration(node)) aliases.set(node.name.text, node.type);
    if (ts.isInterfaceDeclaration(node) && node.name.text === 'Config')
      root = node;
  }
  if (!root) throw new Error('config.d.ts declares no interface Config');

  const keys = new Map<string, ConfigKey>();
  const docOf = (node: ts.Node) =>
    ts
      .getJSDocCommentsAndTags(node)
      .filter(ts.isJSDoc)
      .map(d => ts.getTextOfJSDocComment(d.comment) ?? '')
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim();

  function visitMembers(members: ts.NodeArray<ts.TypeElement>, prefix: string) {
    for (const member of members) {
      if (ts.isPropertySignature(member) && member.type) {
        const path = `${prefix}${member.name.getText(file)}`;
        if (!keys.has(path))
          keys.set(path, {
            path,
            optional: !!member.questionToken,
            doc: docOf(member),
          });
        visitType(member.type, path);
      } else if (ts.isIndexSignatureDeclaration(member) && member.type) {
        const name = member.parameters[0].name.getText(file);
        visitType(member.type, `${prefix}<${name}>`);
      }
    }
  }

  function visitType(type: ts.TypeNode, path: string): void {
    if (ts.isTypeLiteralNode(type)) visitMembers(type.members, `${path}.`);
    else if (ts.isUnionTypeNode(type) || ts.isIntersectionTypeNode(type))
      type.types.forEach(t => visitType(t, path));
    else if (ts.isArrayTypeNode(type)) visitType(type.elementType, `${path}[]`);
    else if (ts.isParenthesizedTypeNode(type)) visitType(type.type, path);
    else if (ts.isTypeReferenceNode(type)) {
      const name = type.typeName.getText(file);
      if (name === 'Array' && type.typeArguments?.length === 1)
        visitType(type.typeArguments[0], `${path}[]`);
      else if (aliases.has(name)) visitType(aliases.get(name)!, path);
    }
  }

  visitMembers(root.members, '');
  return [...keys.values()];
}

const keys = configKeyPaths(repoFile('plugins/secrets-backend/config.d.ts'));
const reference = section(
  repoFile('docs/install.md'),
  'Configuration reference',
);

/** key path -> the row's default and meaning cells; a row may name several keys. */
const rows = new Map<string, { default: string; meaning: string }>();
for (const [keyCell, defaultCell, meaning] of tableRows(reference))
  for (const key of codeSpans(keyCell))
    rows.set(key, { default: defaultCell ?? '', meaning: meaning ?? '' });

/** Keys a user sets: objects whose children are all listed are documented through them. */
const leaves = keys.filter(
  k =>
    !keys.some(
      other =>
        other.path.startsWith(`${k.path}.`) ||
        other.path.startsWith(`${k.path}[].`),
    ),
);

/** "Defaults to 30 seconds." -> "30 seconds" (backticks dropped). */
function documentedDefault(key: ConfigKey): string | undefined {
  const match = /Defaults to (.+?)(?:\.(?:\s|$)|\s\(|$)/.exec(key.doc);
  return match?.[1].replace(/`/g, '').trim();
}

const normalise = (text: string) => text.replace(/[`_]/g, '').toLowerCase();

describe('docs/install.md configuration reference', () => {
  it('reads a plausible set of keys from config.d.ts', () => {
    // the walker follows arrays, index signatures, unions and the file's type aliases
    expect(leaves.map(k => k.path)).toEqual(
      expect.arrayContaining([
        'secrets.clusters[].name',
        'secrets.vault[].auth.roleId',
        'secrets.vault[].namespaces[].auth.token',
        'secrets.rotation.environments.<environment>.approval.approvers',
        'secrets.canary.vault.key',
      ]),
    );
    expect(leaves.length).toBeGreaterThan(60);
  });

  it('lists every key of config.d.ts', () => {
    const missing = leaves.map(k => k.path).filter(path => !rows.has(path));
    expect(missing).toEqual([]);
  });

  it('lists no key config.d.ts does not declare', () => {
    const declared = new Set(keys.map(k => k.path));
    const unknown = [...rows.keys()].filter(
      key => key.startsWith('secrets.') && !declared.has(key),
    );
    expect(unknown).toEqual([]);
  });

  it("states each key's default, as config.d.ts documents it", () => {
    const wrong = leaves.flatMap(key => {
      const row = rows.get(key.path);
      if (!row) return []; // reported above
      if (!row.default) return [`${key.path}: empty default cell`];
      const expected = documentedDefault(key);
      if (expected && !normalise(row.default).includes(normalise(expected)))
        return [
          `${key.path}: config.d.ts says "${expected}", the page "${row.default}"`,
        ];
      if (!key.optional && !/required/.test(row.default))
        return [`${key.path}: required in config.d.ts, not on the page`];
      return [];
    });
    expect(wrong).toEqual([]);
  });
});
