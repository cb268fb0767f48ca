import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import type {
  PolicyOutcome,
  PolicyVerdict,
} from '@secrets-plugin/plugin-secrets-common';

const MARKS: Record<
  PolicyOutcome,
  { mark: string; word: string; color: string }
> = {
  allow: { mark: '✓', word: 'allowed', color: '#2e7d32' },
  warn: { mark: '⚠', word: 'warning', color: '#b26a00' },
  deny: { mark: '✗', word: 'denied', color: '#c62828' },
};

/** Every policy rule's verdict, in the server's order: the allowed ones too, so nothing is hidden. */
export function VerdictList(props: { verdicts: PolicyVerdict[] }) {
  return (
    <List dense aria-label="Policy verdicts" disablePadding>
      {props.verdicts.map(v => {
        const m = MARKS[v.outcome];
        return (
          <ListItem
            key={v.ruleId}
            disableGutters
            aria-label={`${v.title}: ${m.word}. ${v.message}`}
          >
            <ListItemIcon style={{ minWidth: 28, color: m.color }}>
              <span aria-hidden>{m.mark}</span>
            </ListItemIcon>
            <ListItemText primary={v.title} secondary={v.message} />
          </ListItem>
        );
      })}
    </List>
  );
}
