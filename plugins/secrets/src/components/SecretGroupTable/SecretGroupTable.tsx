import { memo, ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { makeStyles } from '@material-ui/core/styles';
import type {
  ExternalSecretRow,
  KeyAge,
  StoreRef,
  VaultCoordinates,
  StoreAdviceEntry,
  VaultServerHealth,
} from '@secrets-plugin/plugin-secrets-common';
import { rowLink } from '../../lib/labels';
import {
  describeKey,
  describeLocation,
  describeVaultKey,
} from '../../lib/vault';
import { findVaultServer } from '../../lib/vaultHealth';
import { knownVaultVersion } from '../../lib/vaultVersion';
import { SecretRow } from '../SecretRow';
import { RowTextProvider } from '../SecretRow/RowText';
import { KeyAgeLine } from './KeyAgeLine';
import { useTableStyles } from '../tableStyles';

/** Props of {@link SecretGroupTable}. */
export interface SecretGroupTableProps {
  vault: VaultCoordinates;
  /** Every row of the key, in order, including those the filters hide. */
  rows: ExternalSecretRow[];
  /**
   * The rows the filters match (absent: all). The others stay mounted but hidden, so widening
   * the filter shows them again instead of mounting them; a group none of whose rows match is
   * hidden whole.
   */
  matching?: ReadonlySet<ExternalSecretRow>;
  now: number;
  /** Per cluster that is not live, the note its rows carry. */
  clusterNotes?: Map<string, string>;
  vaultServers?: VaultServerHealth[];
  /** The backend's advice for each store of the rows that is not Ready. */
  storeAdvice?: StoreAdviceEntry[];
  /** The `?secret=` row the overview card linked to. */
  highlighted?: string;
  /** Absent when the user may not revalidate stores. */
  onRevalidate?: (stores: StoreRef[]) => void;
  /** Per-key actions (the place a Rotate button goes once rotation exists). */
  actions?: ReactNode;
  /** The age of the key's current Vault version and its schedule. */
  age?: KeyAge;
  /**
   * Render the group only when scrolled near (a tab of hundreds of rows). Off for small tabs:
   * until rendered its height is an estimate, and a page measured then (a full-page screenshot)
   * would come out the wrong height.
   */
  deferOffscreen?: boolean;
}

/**
 * A deferred group below the fold is styled, laid out and painted only when scrolled near: on a
 * 500-row tab, that work for rows nobody sees yet cost more than rendering them. Its size is
 * remembered once rendered; until then the estimate shapes the scrollbar.
 */
const useGroupStyles = makeStyles(
  {
    group: { contentVisibility: 'auto', containIntrinsicSize: 'auto 480px' },
  },
  { name: 'SecretsGroup' },
);

const VERSION_SOURCE =
  'The Vault version the Secret holds. Known only where the ExternalSecret pins a version, or its template stamps the version on the Secret. Rotation fills it in for the rest.';

function Heading(props: {
  vault: VaultCoordinates;
  age?: KeyAge;
  now: number;
}) {
  const { vault } = props;
  return (
    <Box minWidth={0}>
      <Typography variant="h6" component="h3">
        {describeKey(vault)}
        {vault.serverName && (
          <Typography
            component="span"
            variant="body2"
            color="textSecondary"
          >{` on ${vault.serverName}`}</Typography>
        )}
      </Typography>
      <Typography variant="caption" color="textSecondary">
        {describeLocation(vault).join(' · ')}
      </Typography>
      <KeyAgeLine age={props.age} now={props.now} />
    </Box>
  );
}

/** The ExternalSecrets that read one Vault key. */
export const SecretGroupTable = memo(function SecretGroupTableView(
  props: SecretGroupTableProps,
) {
  const classes = useTableStyles();
  const groupClasses = useGroupStyles();
  const { matching } = props;
  const shown = matching ? props.rows.filter(r => matching.has(r)) : props.rows;
  const showVersion = shown.some(r => knownVaultVersion(r) !== undefined);
  let visibleIndex = -1;
  const columns: Array<[string, string?]> = [
    ['Cluster'],
    ['ExternalSecret'],
    ['Store'],
    ['Status'],
    ['Takes effect'],
    ...(showVersion ? [['Version', VERSION_SOURCE] as [string, string]] : []),
    ['Consumers'],
  ];
  return (
    <Box
      component={Paper}
      mb={2}
      p={1}
      className={props.deferOffscreen ? groupClasses.group : undefined}
      hidden={shown.length === 0 && props.rows.length > 0}
    >
      <Box
        display="flex"
        alignItems="flex-start"
        justifyContent="space-between"
        mb={1}
      >
        <Heading vault={props.vault} age={props.age} now={props.now} />
        {props.actions}
      </Box>
      {props.vault.pinnedVersion && (
        <Alert severity="warning">
          Pinned to Vault version {props.vault.pinnedVersion}: a rotation will
          not reach these ExternalSecrets until the pin is changed.
        </Alert>
      )}
      <Box className={classes.scroll}>
        <Table
          size="small"
          className={classes.table}
          aria-label={`ExternalSecrets reading ${describeVaultKey(
            props.vault,
          )}`}
        >
          <TableHead>
            <TableRow>
              {columns.map(([name, help]) => (
                <TableCell key={name}>
                  {help ? (
                    <Tooltip title={help}>
                      <Typography
                        component="span"
                        variant="inherit"
                        tabIndex={0}
                      >
                        {name}
                      </Typography>
                    </Tooltip>
                  ) : (
                    name
                  )}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <RowTextProvider>
            <TableBody>
              {props.rows.map(row => {
                const coordinates = row.vault ?? props.vault;
                const link = rowLink(row);
                const hidden = matching !== undefined && !matching.has(row);
                // stripes alternate over the rows shown
                if (!hidden) visibleIndex++;
                return (
                  <SecretRow
                    key={link}
                    row={row}
                    now={props.now}
                    showVersion={showVersion}
                    columns={columns.length}
                    clusterNote={props.clusterNotes?.get(row.cluster)}
                    vaultServer={findVaultServer(props.vaultServers, {
                      name: coordinates.serverName,
                      url: coordinates.server,
                    })}
                    storeAdvice={adviceOf(props.storeAdvice, row)}
                    hidden={hidden}
                    odd={!hidden && visibleIndex % 2 === 0}
                    highlighted={props.highlighted === link}
                    onRevalidate={props.onRevalidate}
                    classes={classes}
                  />
                );
              })}
            </TableBody>
          </RowTextProvider>
        </Table>
      </Box>
    </Box>
  );
});

function adviceOf(
  entries: StoreAdviceEntry[] | undefined,
  row: ExternalSecretRow,
) {
  const s = row.store;
  return entries?.find(
    e =>
      e.cluster === s.cluster &&
      e.kind === s.kind &&
      e.name === s.name &&
      (e.namespace ?? '') === (s.namespace ?? ''),
  )?.advice;
}
