import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import type { RevalidateItemResult } from '@internal/plugin-secrets-common';

/** Props of {@link RevalidateResults}. */
export interface RevalidateResultsProps {
  results: RevalidateItemResult[];
  label: string;
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
        const name = `${r.kind} ${r.cluster}/${
          r.namespace ? `${r.namespace}/` : ''
        }${r.name}`;
        return (
          <ListItem key={name}>
            <ListItemText
              primary={`${name}: ${r.outcome}`}
              secondary={r.message}
              primaryTypographyProps={{
                color: r.outcome === 'failed' ? 'error' : 'textPrimary',
              }}
            />
          </ListItem>
        );
      })}
    </List>
  );
}
