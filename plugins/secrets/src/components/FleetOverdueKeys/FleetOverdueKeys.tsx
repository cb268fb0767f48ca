import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import type { ScheduledKey } from '@secrets-plugin/plugin-secrets-common';
import { useFleet } from '../../hooks/useFleet';
import { formatDuration, formatExact, formatRelative } from '../../lib/time';
import { describeKey } from '../../lib/vault';
import { useTableStyles } from '../tableStyles';

/** The fleet page's first page of the failing list: the same query (and cache) as the overview. */
const FIRST_PAGE = { offset: 0, limit: 50 };

function readersOf(key: ScheduledKey): string {
  const clusters = [...new Set(key.readers.map(r => r.cluster))].sort();
  const names = [...new Set(key.readers.map(r => `${r.namespace}/${r.name}`))];
  return `${names.join(', ')} in ${clusters.join(', ')}`;
}

/** The keys older than their schedule allows, as a table (the part that is testable alone). */
export function OverdueKeysTable(props: { keys: ScheduledKey[]; now: number }) {
  const classes = useTableStyles();
  const overdue = props.keys.filter(k => k.age.overdue);
  if (overdue.length === 0)
    return (
      <Typography variant="body2">
        No key is older than its schedule ({props.keys.length} scheduled).
      </Typography>
    );
  return (
    <div className={classes.scroll}>
      <Table size="small" className={classes.table} aria-label="Overdue keys">
        <TableHead>
          <TableRow>
            <TableCell>Key</TableCell>
            <TableCell>Vault version</TableCell>
            <TableCell>Age</TableCell>
            <TableCell>Schedule</TableCell>
            <TableCell>Due</TableCell>
            <TableCell>Read by</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {overdue.map(key => (
            <TableRow key={key.id}>
              <TableCell>
                <Typography variant="body2">
                  {describeKey(key.vault)}
                </Typography>
                {key.vault.namespace && (
                  <Typography variant="caption" color="textSecondary">
                    namespace {key.vault.namespace}
                  </Typography>
                )}
              </TableCell>
              <TableCell>{key.age.currentVersion ?? '—'}</TableCell>
              <TableCell className={classes.nowrap}>
                {key.age.versionCreatedAt ? (
                  <Tooltip
                    title={`Written ${formatExact(key.age.versionCreatedAt)}`}
                  >
                    <Typography component="span" variant="inherit" tabIndex={0}>
                      {formatDuration(key.age.ageSeconds ?? 0)}
                    </Typography>
                  </Tooltip>
                ) : (
                  '—'
                )}
              </TableCell>
              <TableCell>
                every {key.age.schedule?.every}
                <Typography
                  variant="caption"
                  color="textSecondary"
                  display="block"
                >
                  {key.age.schedule?.source === 'config'
                    ? `config ${key.age.schedule.path}`
                    : 'rotate-every annotation'}
                </Typography>
              </TableCell>
              <TableCell className={classes.nowrap}>
                <Typography variant="body2" color="error">
                  {key.age.dueAt
                    ? formatRelative(key.age.dueAt, props.now)
                    : '—'}
                </Typography>
              </TableCell>
              <TableCell>{readersOf(key)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

/**
 * "Overdue keys" on the fleet page: the keys with a schedule whose current Vault version is older
 * than it allows, as far as the user may see them. Reads the fleet response the overview already
 * fetched; nothing shows when no key has a schedule or the fleet cannot be read.
 */
export function FleetOverdueKeys() {
  const fleet = useFleet(FIRST_PAGE, true);
  const keys = fleet.data?.scheduledKeys;
  if (!keys || keys.length === 0) return null;
  const overdue = keys.filter(k => k.age.overdue).length;
  return (
    <Box mt={2}>
      <InfoCard
        title="Overdue keys"
        subheader={`${overdue} of ${keys.length} scheduled key${
          keys.length === 1 ? '' : 's'
        } older than their schedule allows`}
      >
        <OverdueKeysTable
          keys={keys}
          now={Date.parse(fleet.data!.generatedAt)}
        />
      </InfoCard>
    </Box>
  );
}
