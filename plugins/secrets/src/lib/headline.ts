import type {
  ExternalSecretRow,
  SecretGroup,
} from '@secrets-plugin/plugin-secrets-common';
import { statusSeverity } from './status';

/** The row the overview card names: the worst status first, then the first the backend listed. */
export function headlineRow(
  groups: SecretGroup[],
): ExternalSecretRow | undefined {
  let worst: ExternalSecretRow | undefined;
  for (const group of groups) {
    for (const row of group.rows) {
      if (row.status === 'Synced') continue;
      if (!worst || statusSeverity[row.status] < statusSeverity[worst.status])
        worst = row;
    }
  }
  return worst;
}
