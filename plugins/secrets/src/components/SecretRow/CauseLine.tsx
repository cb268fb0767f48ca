import Typography from '@material-ui/core/Typography';
import type { CauseInfo } from '@secrets-plugin/plugin-secrets-common';
import { describeCauseInfo } from '../../lib/causeInfo';

/** Props of {@link CauseLine}. */
export interface CauseLineProps {
  cause: string;
  info?: CauseInfo;
  now: number;
  /** The success that superseded an earlier failure, for its wording. */
  supersededBy?: Parameters<typeof describeCauseInfo>[2];
  /** What the cause belongs to when it is not the row itself ("Store"). */
  label?: string;
}

/**
 * A cause with its age and count: current ones in the error colour, superseded ones greyed as
 * history, so an old "connection refused" never reads as today's outage.
 */
export function CauseLine(props: CauseLineProps) {
  const superseded = props.info?.superseded ?? false;
  const meta = props.info
    ? describeCauseInfo(props.info, props.now, props.supersededBy)
    : '';
  return (
    <Typography
      variant="body2"
      component="div"
      color={superseded ? 'textSecondary' : 'error'}
      data-superseded={superseded || undefined}
    >
      {props.label && <strong>{props.label}: </strong>}
      {props.cause}
      {meta && (
        <Typography
          variant="caption"
          component="span"
          color="textSecondary"
          style={{ whiteSpace: 'nowrap' }}
        >
          {' '}
          ({meta}
          {props.info?.reason ? `, ${props.info.reason}` : ''})
        </Typography>
      )}
    </Typography>
  );
}
