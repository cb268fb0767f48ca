import type { FleetHandle } from '@internal/fleet-sim';

/**
 * Calls the fleet's admin API (see fleet-sim's adminApi.ts), as a script driving faults would:
 * tests go through HTTP so they exercise the same routes an operator uses.
 */
export async function fleetAdmin(
  fleet: FleetHandle,
  path: string,
  body: Record<string, unknown> = {},
): Promise<unknown> {
  const res = await fetch(`${fleet.admin.url}${path}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${fleet.admin.token}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { result?: unknown; error?: string };
  if (!res.ok)
    throw new Error(`admin POST ${path}: ${res.status} ${json.error}`);
  return json.result;
}
