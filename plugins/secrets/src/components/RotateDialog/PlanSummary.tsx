import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { RotationPlan } from '@secrets-plugin/plugin-secrets-common';
import { restartLabel } from '../../lib/rotation';

function versionLine(plan: RotationPlan): string {
  if (plan.vault.kvVersion === 'v1')
    return 'KV v1: Vault keeps no versions of this key.';
  const now =
    plan.currentVersion === undefined
      ? 'Vault version now: unknown.'
      : `Vault version now: ${plan.currentVersion}.`;
  if (plan.kind === 'rollback' && plan.rollbackTo)
    return `${now} Writes back the data of version ${plan.rollbackTo.version} (${plan.rollbackTo.state}) as a new version.`;
  return now;
}

/** What the rotation touches: the keys, the version, and every cluster, reader and workload. */
export function PlanSummary(props: { plan: RotationPlan }) {
  const { plan } = props;
  const regenerated = plan.keys.filter(k => k.action === 'regenerate');
  const carried = plan.keys.filter(k => k.action === 'carry-over');
  const readers = plan.clusters.reduce(
    (n, c) => n + c.externalSecrets.length,
    0,
  );
  const workloads = plan.clusters.reduce((n, c) => n + c.workloads.length, 0);
  return (
    <Box mb={2}>
      <Typography variant="body2">{versionLine(plan)}</Typography>
      {plan.kind === 'rotation' && (
        <Typography variant="body2">
          Regenerated:{' '}
          {regenerated.length === 0
            ? 'none'
            : regenerated
                .map(k => `${k.name} (${k.rotator ?? 'random'})`)
                .join(', ')}
          {' · '}Carried over:{' '}
          {carried.length === 0 ? 'none' : carried.map(k => k.name).join(', ')}
        </Typography>
      )}
      {plan.keys
        .filter(k => k.problem)
        .map(k => (
          <Typography key={k.name} variant="body2" color="error">
            {k.name}: {k.problem}
          </Typography>
        ))}
      <Typography variant="subtitle2" component="h3" style={{ marginTop: 8 }}>
        Blast radius: {plan.clusters.length} cluster
        {plan.clusters.length === 1 ? '' : 's'}, {readers} ExternalSecret
        {readers === 1 ? '' : 's'}, {workloads} workload
        {workloads === 1 ? '' : 's'}
      </Typography>
      <Table size="small" aria-label="Blast radius">
        <TableHead>
          <TableRow>
            <TableCell>Cluster</TableCell>
            <TableCell>ExternalSecrets</TableCell>
            <TableCell>Workloads and who restarts them</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {plan.clusters.map(c => (
            <TableRow key={c.cluster}>
              <TableCell>
                {c.cluster}
                {c.environment && (
                  <Typography variant="caption" display="block">
                    {c.environment}
                    {c.reachable ? '' : ' · not reachable'}
                  </Typography>
                )}
              </TableCell>
              <TableCell>
                {c.externalSecrets.map(es => (
                  <Typography
                    key={`${es.namespace}/${es.name}`}
                    variant="body2"
                  >
                    {es.namespace}/{es.name}
                    {es.via ? ` (via ${es.via.name})` : ''}
                  </Typography>
                ))}
              </TableCell>
              <TableCell>
                {c.workloads.length === 0 && (
                  <Typography variant="body2">none</Typography>
                )}
                {c.workloads.map(w => (
                  <Typography
                    key={`${w.kind}/${w.namespace}/${w.name}`}
                    variant="body2"
                  >
                    {w.kind} {w.namespace}/{w.name}:{' '}
                    {restartLabel(w.restartedBy)}
                  </Typography>
                ))}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {plan.gitops && plan.gitops.length > 0 && (
        <Box mt={1} role="region" aria-label="Managed by GitOps">
          <Typography variant="subtitle2" component="h3">
            Managed by GitOps
          </Typography>
          {plan.gitops.map(n => (
            <Typography
              key={`${n.cluster}/${n.kind}/${n.namespace}/${n.name}`}
              variant="body2"
            >
              {n.cluster}: {n.kind} {n.namespace ? `${n.namespace}/` : ''}
              {n.name} gets <code>{n.annotation}</code>. {n.effect}
            </Typography>
          ))}
        </Box>
      )}
    </Box>
  );
}
