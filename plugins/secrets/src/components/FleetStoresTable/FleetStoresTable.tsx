import { Fragment } from 'react';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import type {
  StoreAdvice,
  StoreRef,
  StoreSummary,
  VaultServerHealth,
} from '@secrets-plugin/plugin-secrets-common';
import { objectLabel, storeLabel } from '../../lib/labels';
import { formatExact, formatRelative } from '../../lib/time';
import {
  findVaultServer,
  isVaultServing,
  vaultStateLabel,
} from '../../lib/vaultHealth';
import { CauseLine } from '../SecretRow/CauseLine';
import { useTableStyles } from '../tableStyles';

/** Props of {@link FleetStoresTable}. */
export interface FleetStoresTableProps {
  /** Failing first, as the backend sorts them. */
  stores: StoreSummary[];
  vaultServers?: VaultServerHealth[];
  /** When the data was generated, for relative times. */
  now?: number;
  /** Absent when the user may not revalidate: the button is then hidden, not disabled. */
  onRevalidate?: (stores: StoreRef[]) => void;
}

/** Why there is no Revalidate button on a failing store, where the backend says it would not help. */
const noRevalidate: Record<
  Exclude<StoreAdvice['action'], 'revalidate'>,
  string
> = {
  'wait-for-vault': 'No Revalidate: it would fail while Vault is unhealthy.',
  'fix-config':
    'No Revalidate button until the store is fixed: it would fail the same way.',
  unknown:
    'No Revalidate offered: the backend cannot tell whether it would help.',
};

function readiness(s: StoreSummary): string {
  if (s.health.ready === true) return 'Ready';
  if (s.health.ready === false) return 'Not ready';
  return 'Unknown';
}

/** Only stores the backend advises revalidating: elsewhere a Revalidate cannot help. */
export function revalidatable(stores: StoreSummary[]): StoreSummary[] {
  return stores.filter(s => s.advice?.action === 'revalidate');
}

function VaultServerCell(props: {
  store: StoreSummary;
  servers?: VaultServerHealth[];
}) {
  const { store } = props;
  const server = findVaultServer(props.servers, {
    name: store.vaultServerName,
    url: store.vaultServer,
  });
  const name = store.vaultServerName ?? server?.name;
  if (!name && !store.vaultServer) return <>—</>;
  return (
    <>
      <Tooltip title={store.vaultServer ?? ''}>
        <Typography variant="body2" noWrap tabIndex={0}>
          {name ?? store.vaultServer}
        </Typography>
      </Tooltip>
      {server && (
        <Typography
          variant="caption"
          color={isVaultServing(server.state) ? 'textSecondary' : 'error'}
          noWrap
          display="block"
        >
          {vaultStateLabel(server.state)}
        </Typography>
      )}
    </>
  );
}

/** SecretStores and ClusterSecretStores across the fleet, with the backend's advice per failing store. */
export function FleetStoresTable(props: FleetStoresTableProps) {
  const { onRevalidate } = props;
  const classes = useTableStyles();
  const columns = onRevalidate ? 6 : 5;
  return (
    <div className={classes.scroll}>
      <Table size="small" aria-label="Secret stores" className={classes.table}>
        <TableHead>
          <TableRow>
            <TableCell>Store</TableCell>
            <TableCell>Ready</TableCell>
            <TableCell>Since</TableCell>
            <TableCell align="right">Dependents</TableCell>
            <TableCell>Vault server</TableCell>
            {onRevalidate && <TableCell>Actions</TableCell>}
          </TableRow>
        </TableHead>
        <TableBody>
          {props.stores.map((s, i) => {
            const label = storeLabel(s);
            const shade = i % 2 === 0 ? classes.odd : classes.even;
            const cause = s.health.cause ?? s.health.message;
            const failing = s.health.ready !== true;
            const advice = s.advice;
            return (
              <Fragment key={`${s.kind}/${label}`}>
                <TableRow className={shade}>
                  <TableCell>
                    <Typography variant="body2" noWrap>
                      {s.name}
                    </Typography>
                    <Typography
                      variant="caption"
                      color="textSecondary"
                      display="block"
                    >
                      {s.kind} in{' '}
                      <span className={classes.nowrap}>
                        {objectLabel({
                          cluster: s.cluster,
                          namespace: s.namespace,
                          name: '',
                        }).replace(/\/$/, '')}
                      </span>
                    </Typography>
                  </TableCell>
                  <TableCell>
                    <Typography
                      variant="body2"
                      noWrap
                      color={s.health.ready === false ? 'error' : 'textPrimary'}
                    >
                      {readiness(s)}
                    </Typography>
                    {s.health.ready !== true && s.health.reason && (
                      <Typography
                        variant="caption"
                        color="textSecondary"
                        display="block"
                      >
                        {s.health.reason}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell className={classes.nowrap}>
                    {s.health.since ? (
                      <Tooltip title={formatExact(s.health.since)}>
                        <span>{formatRelative(s.health.since, props.now)}</span>
                      </Tooltip>
                    ) : (
                      'unknown'
                    )}
                  </TableCell>
                  <TableCell align="right">{s.dependents}</TableCell>
                  <TableCell>
                    <VaultServerCell store={s} servers={props.vaultServers} />
                  </TableCell>
                  {onRevalidate && (
                    <TableCell className={classes.nowrap}>
                      {advice?.action === 'revalidate' && (
                        <Button
                          size="small"
                          variant="outlined"
                          aria-label={`Revalidate ${label}`}
                          onClick={() => onRevalidate([s])}
                        >
                          Revalidate
                        </Button>
                      )}
                    </TableCell>
                  )}
                </TableRow>
                {failing && (cause || advice) && (
                  <TableRow className={shade} data-detail-of={label}>
                    <TableCell
                      colSpan={columns}
                      className={classes.detail}
                      style={{ paddingTop: 0 }}
                    >
                      {cause && (
                        <CauseLine
                          cause={cause}
                          info={s.health.causeInfo}
                          now={props.now ?? Date.now()}
                          supersededBy={{
                            what: 'a store validation',
                            at: s.health.since,
                          }}
                        />
                      )}
                      {advice && (
                        <Typography variant="body2" component="div">
                          {advice.message}
                          {advice.nextRetryAt &&
                            ` ESO retries on its own ${formatRelative(
                              advice.nextRetryAt,
                              props.now,
                            )}.`}
                          {onRevalidate && advice.action !== 'revalidate' && (
                            <Typography
                              variant="caption"
                              color="textSecondary"
                              component="span"
                            >
                              {' '}
                              {noRevalidate[advice.action]}
                            </Typography>
                          )}
                        </Typography>
                      )}
                    </TableCell>
                  </TableRow>
                )}
              </Fragment>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}
