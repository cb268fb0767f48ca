import {
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  PlanCluster,
  PlanKey,
  PlanPermissionCheck,
  RotationPlan,
} from '@secrets-plugin/plugin-secrets-common';
import type { ClusterData } from '../../cluster/ClusterData';
import type { SecretsService } from '../../service/types';
import { planKeys } from '../rotators/planKeys';
import { parseRotateAnnotation } from '../rotators/rotateAnnotation';
import type { Rotator } from '../rotators/types';
import type {
  PlanRequest,
  RotationPlanner,
  RotationServiceOptions,
} from '../types';
import { gitopsNotes } from './gitopsNotes';
import { planCluster } from './planCluster';

/** The key as Vault addresses it. */
export type PlannedKey = RotationPlan['vault'];

/** What Vault says about the key (metadata and capabilities: names, never values). */
export interface VaultKeyDescription {
  currentVersion?: number;
  currentVersionCreatedAt?: string;
  maxVersions?: number;
  /** The secret's top-level key names (Vault's subkeys). */
  keyNames: string[];
  /** For a rollback: how Vault holds the version to write back. */
  rollbackState?: 'available' | 'deleted' | 'destroyed' | 'pruned';
  permissions: PlanPermissionCheck[];
}

export interface PlannerVault {
  describe(key: PlannedKey, rollbackTo?: number): Promise<VaultKeyDescription>;
}

export interface KubeAccessCheck {
  verb: string;
  group: string;
  resource: string;
  namespace?: string;
  name?: string;
}

export interface PlannerKube {
  canI(
    cluster: string,
    checks: KubeAccessCheck[],
  ): Promise<Array<{ allowed: boolean; reason?: string }>>;
}

export interface ClusterSnapshot {
  name: string;
  environment?: string;
  /** The cache has a complete, current view of it. */
  reachable: boolean;
  data: ClusterData;
}

export interface DefaultRotationPlannerOptions {
  secrets: Pick<SecretsService, 'getEntitySecrets'>;
  catalog: Pick<CatalogService, 'getEntityByRef'>;
  clusters: () => ClusterSnapshot[];
  vault: PlannerVault;
  kube: PlannerKube;
  rotators: Map<string, Rotator>;
  defaultRotator: string;
}

const WORKLOAD_RESOURCE = {
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
} as const;

/** The entity's owners as full refs: `spec.owner` and its ownedBy relations. */
export function entityOwners(entity: Entity): string[] {
  const owners = new Set<string>();
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner === 'string' && owner)
    owners.add(
      stringifyEntityRef(
        parseEntityRef(owner, {
          defaultKind: 'group',
          defaultNamespace: entity.metadata.namespace ?? 'default',
        }),
      ),
    );
  for (const r of entity.relations ?? [])
    if (r.type === RELATION_OWNED_BY) owners.add(r.targetRef);
  return [...owners];
}

/**
 * Builds the plan the dry run shows and the runner executes: the key an entity's group reads,
 * every cluster and ExternalSecret that reads that key (the entity's or not), the workloads and
 * who restarts them, what Vault holds, which keys regenerate, and the plugin's own rights.
 */
export class DefaultRotationPlanner implements RotationPlanner {
  constructor(private readonly o: DefaultRotationPlannerOptions) {}

  async plan(
    request: PlanRequest,
    options: RotationServiceOptions,
  ): Promise<{ plan: RotationPlan; entityOwners: string[] }> {
    const ref = parseEntityRef(request.entityRef);
    const [response, entity] = await Promise.all([
      this.o.secrets.getEntitySecrets(ref, options),
      this.o.catalog.getEntityByRef(request.entityRef, options),
    ]);
    const group = response.groups.find(g => g.id === request.groupId);
    if (!group || !entity)
      throw new NotFoundError(
        `${request.entityRef} reads no Vault key with group id ${request.groupId}`,
      );
    const v = group.vault;
    if (v.find !== undefined)
      throw new InputError(
        `groupId: the group finds secrets (${v.find}) instead of reading one; rotate the secrets it finds one by one`,
      );
    if (!v.server || !v.mount)
      throw new InputError(
        `groupId: the stores of this key name no Vault server and mount, so it cannot be rotated`,
      );
    const key: PlannedKey = {
      server: v.server,
      serverName: v.serverName,
      namespace: v.namespace,
      mount: v.mount,
      kvVersion: v.kvVersion ?? 'v2',
      path: v.key,
    };

    const planned = this.o
      .clusters()
      .map(c => planCluster(c, c.data, { ...v, pinnedVersion: undefined }))
      .filter(<T>(p: T | undefined): p is T => p !== undefined);
    const clusters = planned.map(p => p.cluster);

    // Vault's answer and the clusters' access reviews do not depend on each other
    const [description, kubePermissions] = await Promise.all([
      this.o.vault.describe(key, request.rollbackTo),
      this.#kubePermissions(clusters),
    ]);
    const keys =
      request.kind === 'rollback'
        ? []
        : this.#keys(
            planned.flatMap(p => p.declarations),
            description.keyNames,
            key,
          );

    const plan: RotationPlan = {
      kind: request.kind,
      entityRef: stringifyEntityRef(ref),
      groupId: request.groupId,
      keyId: request.groupId,
      vault: key,
      currentVersion: description.currentVersion,
      currentVersionCreatedAt: description.currentVersionCreatedAt,
      maxVersions: description.maxVersions,
      rollbackTo:
        request.rollbackTo !== undefined
          ? {
              version: request.rollbackTo,
              state: description.rollbackState ?? 'pruned',
            }
          : undefined,
      keys,
      clusters,
      environments: [
        ...new Set(
          clusters.flatMap(c => (c.environment ? [c.environment] : [])),
        ),
      ].sort(),
      permissions: [...description.permissions, ...kubePermissions],
    };
    const gitops = gitopsNotes(clusters);
    if (gitops.length) plan.gitops = gitops;
    return { plan, entityOwners: entityOwners(entity) };
  }

  /** One declaration for the key, whichever of its readers carries it; never a guess. */
  #keys(
    declarations: string[],
    keyNames: string[],
    key: PlannedKey,
  ): PlanKey[] {
    const distinct = [...new Set(declarations.map(d => d.trim()))];
    const carryAll = keyNames.map(name => ({
      name,
      action: 'carry-over' as const,
    }));
    if (distinct.length === 0) return carryAll;
    if (distinct.length > 1)
      return [
        {
          name: '*',
          action: 'regenerate',
          problem: `readers declare different rotations: ${distinct.join(
            ' | ',
          )}`,
        },
        ...carryAll,
      ];
    const specs = parseRotateAnnotation(distinct[0], this.o.defaultRotator);
    if (typeof specs === 'string')
      return [{ name: '*', action: 'regenerate', problem: specs }, ...carryAll];
    return planKeys(keyNames, specs, this.o.rotators, key);
  }

  /** patch on every object the rotation will touch, as each cluster's RBAC decides it. */
  async #kubePermissions(
    clusters: PlanCluster[],
  ): Promise<PlanPermissionCheck[]> {
    const results = await Promise.all(
      clusters.map(async c => {
        const checks: Array<KubeAccessCheck & { label: string }> = [];
        const parents = new Set<string>();
        for (const es of c.externalSecrets) {
          if (es.via) {
            if (parents.has(es.via.name)) continue;
            parents.add(es.via.name);
            checks.push({
              verb: 'patch',
              group: 'external-secrets.io',
              resource: 'clusterexternalsecrets',
              name: es.via.name,
              label: `patch clusterexternalsecrets ${es.via.name}`,
            });
          } else {
            checks.push({
              verb: 'patch',
              group: 'external-secrets.io',
              resource: 'externalsecrets',
              namespace: es.namespace,
              name: es.name,
              label: `patch externalsecrets ${es.namespace}/${es.name}`,
            });
          }
        }
        for (const w of c.workloads) {
          if (w.restartedBy !== 'us') continue;
          const resource = WORKLOAD_RESOURCE[w.kind];
          checks.push({
            verb: 'patch',
            group: 'apps',
            resource,
            namespace: w.namespace,
            name: w.name,
            label: `patch ${resource} ${w.namespace}/${w.name}`,
          });
        }
        if (!c.reachable || checks.length === 0) return [];
        let answers: Array<{ allowed: boolean; reason?: string }>;
        try {
          answers = await this.o.kube.canI(
            c.cluster,
            checks.map(({ label: _, ...check }) => check),
          );
        } catch (error) {
          answers = checks.map(() => ({
            allowed: false,
            reason: `access review failed: ${(error as Error).message}`,
          }));
        }
        return checks.map(
          (check, i): PlanPermissionCheck => ({
            system: 'kubernetes',
            cluster: c.cluster,
            action: check.label,
            allowed: answers[i]?.allowed ?? false,
            reason: answers[i]?.reason,
          }),
        );
      }),
    );
    return results.flat();
  }
}
