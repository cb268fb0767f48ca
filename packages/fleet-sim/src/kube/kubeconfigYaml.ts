/** A kubeconfig (YAML) with one cluster, user and context, as kubectl and client-node read it. */
export function kubeconfigYaml(
  name: string,
  url: string,
  caData: string | undefined,
  token: string,
): string {
  const lines = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${name}`,
    '  cluster:',
    `    server: ${url}`,
  ];
  if (caData) lines.push(`    certificate-authority-data: ${caData}`);
  lines.push(
    'users:',
    `- name: ${name}`,
    '  user:',
    `    token: ${token}`,
    'contexts:',
    `- name: ${name}`,
    '  context:',
    `    cluster: ${name}`,
    `    user: ${name}`,
    `current-context: ${name}`,
    '',
  );
  return lines.join('\n');
}
