import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import type { KeyAge } from '@secrets-plugin/plugin-secrets-common';
import { formatDuration, formatExact, formatRelative } from '../../lib/time';

function scheduleText(age: KeyAge): string | undefined {
  const s = age.schedule;
  if (!s) return undefined;
  const from =
    s.source === 'annotation'
      ? 'a reader’s rotate-every annotation'
      : `secrets.rotation.schedules (${s.path})`;
  return `rotate every ${s.every} (from ${from})`;
}

/**
 * The age of the key's current Vault version and its schedule, under the group's heading. An
 * overdue key stands out: older than its schedule allows.
 */
export function KeyAgeLine(props: { age?: KeyAge; now: number }) {
  const { age, now } = props;
  if (!age) return null;
  const schedule = scheduleText(age);
  if (age.error)
    return (
      <Typography variant="caption" color="textSecondary" display="block">
        Age not known: {age.error}
        {schedule && ` · ${schedule}`}
      </Typography>
    );
  if (age.currentVersion === undefined)
    return schedule ? (
      <Typography variant="caption" color="textSecondary" display="block">
        {schedule}
      </Typography>
    ) : null;
  const written = age.versionCreatedAt;
  return (
    <Box
      display="flex"
      alignItems="center"
      flexWrap="wrap"
      gridGap={8}
      mt={0.5}
      aria-label="Age of the key"
    >
      {age.overdue && (
        <Chip
          size="small"
          color="secondary"
          label={`Overdue: older than ${age.schedule?.every}`}
        />
      )}
      <Typography
        variant="caption"
        color={age.overdue ? 'error' : 'textSecondary'}
      >
        Vault version {age.currentVersion}
        {written && (
          <>
            {' · '}
            <Tooltip title={`Written ${formatExact(written)}`}>
              <Typography component="span" variant="inherit" tabIndex={0}>
                {formatDuration(age.ageSeconds ?? 0)} old
              </Typography>
            </Tooltip>
          </>
        )}
        {schedule && ` · ${schedule}`}
        {age.dueAt &&
          (age.overdue
            ? ` · due ${formatRelative(age.dueAt, now)}`
            : ` · next due ${formatRelative(age.dueAt, now)}`)}
        {!schedule && ' · no rotation schedule'}
      </Typography>
    </Box>
  );
}
