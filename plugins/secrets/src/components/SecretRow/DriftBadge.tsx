import Chip from '@material-ui/core/Chip';
import { LazyTooltip } from './LazyTooltip';
import type {
  TakesEffect,
  VersionDrift,
} from '@secrets-plugin/plugin-secrets-common';
import { describeTakesEffect } from '../../lib/takesEffect';

const BASIS: Record<VersionDrift['basis'], string> = {
  'stamped-version': 'the Secret is stamped with an older version',
  'pinned-version': 'the ExternalSecret pins an older version',
  'sync-time': 'its last sync started before the current version was written',
  'never-synced': 'it has never synced',
  'no-metadata': '',
};

/**
 * Marks a row whose cluster still serves an older Vault version than the key's current one,
 * with when it picks the new one up (the row's takes-effect decision), or why it never will.
 */
export function DriftBadge(props: {
  drift?: VersionDrift;
  takesEffect: TakesEffect;
  now: number;
}) {
  const { drift } = props;
  if (drift?.state !== 'behind') return null;
  const when = describeTakesEffect(props.takesEffect, props.now);
  const label = `behind v${drift.currentVersion}`;
  return (
    <LazyTooltip
      title={`Not on the current Vault version ${drift.currentVersion}: ${
        BASIS[drift.basis]
      }. Picks it up: ${when.label}. ${when.detail}`}
    >
      <Chip
        size="small"
        variant="outlined"
        color="secondary"
        label={`${label} · ${when.label}`}
        aria-label={`${label}, picks it up: ${when.label}`}
        tabIndex={0}
      />
    </LazyTooltip>
  );
}
