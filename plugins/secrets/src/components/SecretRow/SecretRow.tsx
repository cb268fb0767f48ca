import { memo } from 'react';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import { LazyTooltip } from './LazyTooltip';
import { RowText } from './RowText';
import type {
  ExternalSecretRow,
  StoreRef,
  VaultServerHealth,
  StoreAdvice,
} from '@secrets-plugin/plugin-secrets-common';
import { rowDomId, rowLink } from '../../lib/labels';
import { describeForceSync } from '../../lib/status';
import { formatExact, formatRelative } from '../../lib/time';
import { knownVaultVersion } from '../../lib/vaultVersion';
import { supersededBy } from '../../lib/causeInfo';
import { StatusChip } from '../StatusChip';
import type { useTableStyles } from '../tableStyles';
import { CauseLine } from './CauseLine';
import { ConsumersCell } from './ConsumersCell';
import { DriftBadge } from './DriftBadge';
import { StoreCell } from './StoreCell';
import { TakesEffectCell } from './TakesEffectCell';

type TableClasses = ReturnType<typeof useTableStyles>;

/** Props of {@link SecretRow}. */
export interface SecretRowProps {
  row: ExternalSecretRow;
  /** When the data was generated: relative times are computed against it, so rows stay memoisable. */
  now: number;
  /** Whether the group shows the Vault version column (only when some row's version is known). */
  showVersion: boolean;
  /** How many columns the main row has, for the full-width cause line below it. */
  columns: number;
  /** Set when the row's cluster is not live: "cluster unreachable — data 4m old". */
  clusterNote?: string;
  vaultServer?: VaultServerHealth;
  /** What to do about the row's store when it is not Ready, as the backend decided it. */
  storeAdvice?: StoreAdvice;
  /** Alternating backgrounds: the cause line shares its row's. */
  odd: boolean;
  /** The row the overview card linked to. */
  highlighted?: boolean;
  /**
   * Filtered out: kept mounted so that widening the filter only shows it again. Out of the
   * layout, the accessibility tree and the tab order, and without the id and `data-row` that
   * name a shown row.
   */
  hidden?: boolean;
  /** Absent when the user may not revalidate stores. */
  onRevalidate?: (stores: StoreRef[]) => void;
  /** The table's styles, from the group: a styles hook in each of 500 rows costs a mount. */
  classes: TableClasses;
}

/** "synced 5m ago" under the status chip: the last success, whatever the status is now. */
function LastSync(props: { row: ExternalSecretRow; now: number }) {
  const { lastSyncAt } = props.row;
  if (!lastSyncAt) {
    return (
      <RowText variant="caption" color="textSecondary" display="block">
        never synced
      </RowText>
    );
  }
  return (
    <LazyTooltip title={`Last synced ${formatExact(lastSyncAt)}`}>
      <RowText
        variant="caption"
        color="textSecondary"
        display="block"
        tabIndex={0}
      >
        synced {formatRelative(lastSyncAt, props.now)}
      </RowText>
    </LazyTooltip>
  );
}

function VaultVersion(props: {
  row: ExternalSecretRow;
  classes: TableClasses;
}) {
  const { classes } = props;
  const known = knownVaultVersion(props.row);
  if (!known) {
    return (
      <LazyTooltip title="Not known: the ExternalSecret neither pins a version nor stamps it on the Secret.">
        <RowText variant="body2" color="textSecondary" tabIndex={0}>
          —
        </RowText>
      </LazyTooltip>
    );
  }
  return (
    <LazyTooltip title={known.source}>
      <RowText variant="body2" tabIndex={0}>
        <span className={classes.nowrap}>{known.version}</span>
        {known.from && (
          // wraps at its spaces: on one line it was the widest cell of a 1024 px row
          <RowText variant="caption" color="textSecondary" display="block">
            {known.from}
          </RowText>
        )}
      </RowText>
    </LazyTooltip>
  );
}

type CellsProps = Omit<
  SecretRowProps,
  'odd' | 'highlighted' | 'columns' | 'hidden'
> & {
  cause?: string;
};

/**
 * The row's cells, memoised apart from the row's shade and highlight: a filter that removes
 * rows above shifts the stripes of every row below, and that must not re-render their cells.
 */
const MainCells = memo(function MainCellsView(props: CellsProps) {
  const { row, now, classes, cause } = props;
  return (
    <>
      <TableCell>
        <RowText variant="body2" noWrap>
          {row.cluster}
        </RowText>
        {props.clusterNote && (
          <RowText variant="caption" color="error" display="block">
            {props.clusterNote}
          </RowText>
        )}
      </TableCell>
      <TableCell>
        <RowText variant="body2">{row.name}</RowText>
        <RowText variant="caption" color="textSecondary" noWrap>
          {row.namespace}
        </RowText>
        {row.pushedBy.map(p => (
          <RowText
            key={`${p.namespace}/${p.name}`}
            variant="caption"
            display="block"
            color="error"
          >
            PushSecret {p.namespace}/{p.name} writes this Vault key and
            overwrites rotations
          </RowText>
        ))}
      </TableCell>
      <TableCell>
        <StoreCell
          store={row.store}
          vaultServer={props.vaultServer}
          advice={props.storeAdvice}
          onRevalidate={props.onRevalidate}
        />
      </TableCell>
      <TableCell className={classes.nowrap}>
        <StatusChip status={row.status} cause={cause} />
        <LastSync row={row} now={now} />
      </TableCell>
      <TableCell className={classes.nowrap}>
        <TakesEffectCell takesEffect={row.takesEffect} now={now} />
        <DriftBadge drift={row.drift} takesEffect={row.takesEffect} now={now} />
        {!row.forceSync.supported && (
          // only the exception is worth a line: most rows can be force-synced
          <RowText
            variant="caption"
            color="textSecondary"
            display="block"
            style={{ whiteSpace: 'normal' }}
          >
            {describeForceSync(row)}
          </RowText>
        )}
      </TableCell>
      {props.showVersion && (
        <TableCell>
          <VaultVersion row={row} classes={classes} />
        </TableCell>
      )}
      <TableCell>
        <ConsumersCell consumers={row.consumers} />
      </TableCell>
    </>
  );
});

/** The cause lines under the row, memoised apart from its shade like the cells. */
const DetailLines = memo(function DetailLinesView(props: {
  row: ExternalSecretRow;
  now: number;
  cause?: string;
  storeCause?: string;
}) {
  const { row, now, cause, storeCause } = props;
  return (
    <>
      {cause && (
        <CauseLine
          cause={cause}
          info={row.causeInfo}
          now={now}
          supersededBy={supersededBy(row)}
        />
      )}
      {storeCause && (
        <CauseLine
          label="Store"
          cause={storeCause}
          info={row.store.health.causeInfo}
          now={now}
          supersededBy={{
            what: 'a store validation',
            at: row.store.health.since,
          }}
        />
      )}
    </>
  );
});

/**
 * One ExternalSecret in one cluster, and below it, full width, its cause with age and count.
 * Memoised: filtering re-renders only rows that change, and of those whose stripe changed only
 * the row elements.
 */
export const SecretRow = memo(function SecretRowView(props: SecretRowProps) {
  const { row, now, classes, odd, highlighted, columns, hidden, ...cells } =
    props;
  // A synced row's condition message is "synced", not a cause; its Warning Event may be history.
  const cause =
    row.status === 'Synced' ? row.cause : row.cause ?? row.condition?.message;
  const storeCause =
    row.store.health.ready !== true &&
    row.store.health.cause &&
    row.store.health.cause !== cause
      ? row.store.health.cause
      : undefined;
  const hasDetail = Boolean(cause || storeCause);
  const shade = odd ? classes.odd : classes.even;
  const link = rowLink(row);
  // MUI's row style sets `display`, which outranks the `hidden` attribute's
  const hide = hidden ? { hidden: true, style: { display: 'none' } } : {};
  return (
    <>
      <TableRow
        id={hidden ? undefined : rowDomId(link)}
        className={`${shade} ${highlighted ? classes.highlighted : ''}`}
        data-row={hidden ? undefined : link}
        aria-current={highlighted && !hidden ? 'true' : undefined}
        {...hide}
      >
        <MainCells
          row={row}
          now={now}
          classes={classes}
          cause={cause}
          {...cells}
        />
      </TableRow>
      {hasDetail && (
        <TableRow
          className={shade}
          data-detail-of={hidden ? undefined : link}
          {...hide}
        >
          <TableCell
            colSpan={columns}
            className={classes.detail}
            style={{ paddingTop: 0 }}
          >
            <DetailLines
              row={row}
              now={now}
              cause={cause}
              storeCause={storeCause}
            />
          </TableCell>
        </TableRow>
      )}
    </>
  );
});
