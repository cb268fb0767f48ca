import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import type { RevalidateItemResult } from '@secrets-plugin/plugin-secrets-common';
import { objectLabel } from '../../lib/labels';
import { statusLabel } from '../../lib/status';
import { formatDuration } from '../../lib/time';

/** Props of {@link RevalidateResults}. */
export interface RevalidateResultsProps {
  results: RevalidateItemResult[];
  label: string;
}

/**
 * What followed a bump, as the backend watched it: synced, or still failing and why. "bumped"
 * alone does not tell whether the ExternalSecret got its value.
 */
export function describeAfter(
  after: NonNullable<RevalidateItemResult['after']>,
) {
  const waited = formatDuration(after.waitedMs / 1000);
  if (after.synced) return `synced again (watched ${waited})`;
  return `still ${statusLabel[after.status]} after waiting ${waited}${
    after.cause ? `: ${after.cause}` : ''
  }`;
}

function secondary(r: RevalidateItemResult): string | undefined {
  const parts = [
    r.message,
    r.outcome === 'still-not-ready' && r.cause
      ? `Vault: ${r.cause}`
      : undefined,
    r.after ? describeAfter(r.after) : undefined,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

function failed(r: RevalidateItemResult): boolean {
  return (
    r.outcome === 'failed' ||
    r.outcome === 'still-not-ready' ||
    (r.after !== undefined && !r.after.synced)
  );
}

/** One line per object the revalidation touched (or would touch) and what happened to it. */
export function RevalidateResults(props: RevalidateResultsProps) {
  if (props.results.length === 0) {
    return (
      <Typography>
        Nothing to bump: no matching store or ExternalSecret.
      </Typography>
    );
  }
  return (
    <List dense aria-label={props.label}>
      {props.results.map(r => {
        const name = `${r.kind} ${objectLabel(r)}`;
        return (
          <ListItem key={name}>
            <ListItemText
              primary={`${name}: ${r.outcome}`}
              secondary={secondary(r)}
              // long causes wrap instead of the theme's one-line ellipsis for dense lists
              style={{ whiteSpace: 'normal' }}
              primaryTypographyProps={{
                color: failed(r) ? 'error' : 'textPrimary',
              }}
            />
          </ListItem>
        );
      })}
    </List>
  );
}
