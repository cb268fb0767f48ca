import type {
  ExternalVaultChange,
  RotationHistoryItem,
  RotationSummary,
} from '@secrets-plugin/plugin-secrets-common';

/**
 * One page of the merged history, newest first. `rotations` must be the newest `offset + limit`
 * rotations (of `rotationCount` in all) and `external` every external change: the page's items
 * can only come from the first `offset + limit` of each list, so the page is exact without
 * reading every rotation.
 */
export function mergeHistory(page: {
  rotations: readonly RotationSummary[];
  rotationCount: number;
  external: readonly ExternalVaultChange[];
  offset: number;
  limit: number;
}): { items: RotationHistoryItem[]; totalCount: number } {
  const time = (item: RotationHistoryItem) => Date.parse(item.createdAt);
  const merged: RotationHistoryItem[] = [...page.rotations, ...page.external];
  // stable: equal times keep rotations (in the store's order) ahead of Vault's versions
  merged.sort((a, b) => time(b) - time(a));
  return {
    items: merged.slice(page.offset, page.offset + page.limit),
    totalCount: page.rotationCount + page.external.length,
  };
}
