/*
 * docs/cluster-access.md shows plugins/secrets-backend/deploy/rbac.yaml, the manifest fleet-sim
 * applies so that every backend test runs under it: the page's block must parse to the same
 * objects, its table must explain every rule the file grants and no other, and the role must
 * never `get` Secrets.
 */
import {
  codeSpans,
  markedBlock,
  repoFile,
  section,
  tableRows,
} from './docsMarkdown';

const MANIFEST = 'plugins/secrets-backend/deploy/rbac.yaml';

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

/** Parsed as the Kubernetes client parses manifests (the plugin declares no other YAML parser). */
async function objectsOf(yaml: string): Promise<any[]> {
  const { loadAllYaml } = await import('@kubernetes/client-node');
  return loadAllYaml(yaml).filter(Boolean);
}

function clusterRules(objects: any[]): Rule[] {
  return objects
    .filter(o => o.kind === 'ClusterRole' || o.kind === 'Role')
    .flatMap(o => o.rules ?? []);
}

/** `group/resource verb` for each verb a rule grants on each resource. */
function grants(rules: Rule[]): string[] {
  const out = new Set<string>();
  for (const r of rules)
    for (const g of r.apiGroups)
      for (const res of r.resources)
        for (const v of r.verbs) out.add(`${g}/${res} ${v}`);
  return [...out].sort();
}

describe('docs/cluster-access.md', () => {
  const doc = repoFile('docs/cluster-access.md');
  const file = repoFile(MANIFEST);

  it('shows the shipped manifest: the same objects, in the same order, and the same comments', async () => {
    const shown = markedBlock(doc, MANIFEST);
    expect(await objectsOf(shown)).toEqual(await objectsOf(file));
    expect(`${shown}\n`).toBe(file);
    expect(
      (await objectsOf(file)).map(o => `${o.kind}/${o.metadata.name}`),
    ).toEqual([
      'ServiceAccount/secrets-plugin',
      'ClusterRole/backstage-secrets-plugin',
      'ClusterRoleBinding/backstage-secrets-plugin',
    ]);
  });

  it('explains every verb the role grants, and none it does not', async () => {
    const explained = new Set<string>();
    for (const row of tableRows(
      section(doc, 'Each rule, and what happens without it'),
    )) {
      const [groups, resources, verbs, why, without] = row;
      expect({
        row: row[1],
        why: why.length > 20,
        without: without.length > 5,
      }).toEqual({ row: row[1], why: true, without: true });
      for (const g of codeSpans(groups).map(c => (c === "''" ? '' : c)))
        for (const r of codeSpans(resources))
          for (const v of codeSpans(verbs)) explained.add(`${g}/${r} ${v}`);
    }
    expect([...explained].sort()).toEqual(
      grants(clusterRules(await objectsOf(file))),
    );
  });

  it('never grants get, or any wildcard, on Secrets', async () => {
    const rules = clusterRules(await objectsOf(file));
    const onSecrets = rules.filter(
      r =>
        (r.apiGroups.includes('') || r.apiGroups.includes('*')) &&
        (r.resources.includes('secrets') || r.resources.includes('*')),
    );
    expect(onSecrets.flatMap(r => r.verbs).sort()).toEqual(['list', 'watch']);
    for (const r of rules) {
      expect(r.verbs).not.toContain('*');
      expect(r.resources).not.toContain('*');
      expect(r.apiGroups).not.toContain('*');
    }
    // nothing is ever created, updated or deleted but the pre-flight's access reviews
    expect(
      grants(rules).filter(g => !/ (get|list|watch|patch)$/.test(g)),
    ).toEqual(['authorization.k8s.io/selfsubjectaccessreviews create']);
  });
});
