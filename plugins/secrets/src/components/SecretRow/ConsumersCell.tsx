import { RowText } from './RowText';
import type { ConsumerWorkload } from '@secrets-plugin/plugin-secrets-common';

/** Who reads the Secret and who restarts them; "nobody" is the case that needs a human. */
export function ConsumersCell(props: { consumers: ConsumerWorkload[] }) {
  if (props.consumers.length === 0) {
    return (
      <RowText variant="caption" color="textSecondary">
        No consumers found
      </RowText>
    );
  }
  return (
    <>
      {props.consumers.map(c => (
        <RowText
          key={`${c.namespace}/${c.name}`}
          variant="caption"
          display="block"
          color={c.restartedBy === 'nobody' ? 'error' : 'textPrimary'}
        >
          {/* every consumer is a Deployment today: the narrow cell names it only */}
          {c.name}:{' '}
          {c.restartedBy === 'nobody'
            ? 'restarted by nobody, needs a manual restart'
            : `restarted by ${c.restartedBy}`}
        </RowText>
      ))}
    </>
  );
}
