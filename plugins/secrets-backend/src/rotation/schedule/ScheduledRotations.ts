import type {
  AuditorService,
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  type SecretGroup,
} from '@secrets-plugin/plugin-secrets-common';
import { randomUUID } from 'node:crypto';
import type { ExternalSecretProjection } from '../../cluster/projections';
import type { RotationStore } from '../../database/RotationStore';
import type { SecretsService } from '../../service/types';
import type { ApprovalService } from '../approval/ApprovalService';
import type { DefaultRotationPolicy } from '../policy/DefaultRotationPolicy';
import type { RotationPlanner } from '../types';
import { isDue } from './dueness';
import { keySchedule } from './keySchedule';
import type { RotationSchedule } from './types';

/** `CATALOG_FILTER_EXISTS` of @backstage/catalog-client (a `Symbol.for`, so the same symbol). */
const CATALOG_FILTER_EXISTS = Symbol.for(
  'CATALOG_FILTER_EXISTS_0e15b590c0b343a2bae3e787e84c2111',
);

/** Who scheduled rotations are requested by. */
export const SCHEDULE_REQUESTER = 'plugin:secrets';

export interface ScheduledRotationsDeps {
  schedules: RotationSchedule[];
  /** How often the scheduler runs the scan. Defaults to 5 minutes. */
  intervalMs?: number;
  catalog: Pick<CatalogService, 'getEntities'>;
  secrets: Pick<SecretsService, 'getEntitySecrets'>;
  /** An ExternalSecret of a cluster, as the watch cache has it. */
  externalSecret: (
    cluster: string,
    namespace: string,
    name: string,
  ) => ExternalSecretProjection | undefined;
  planner: RotationPlanner;
  policy: DefaultRotationPolicy;
  store: RotationStore;
  approval?: Pick<ApprovalService, 'requiresApproval' | 'opened'>;
  runner: { run(id: string): Promise<void> };
  auditor: Pick<AuditorService, 'createEvent'>;
  auth: Pick<AuthService, 'getOwnServiceCredentials'>;
  logger: LoggerService;
  now?: () => number;
  newId?: () => string;
}

export interface ScanResult {
  started: string[];
  /** `entityRef groupId: why` of due keys that were not started. */
  skipped: string[];
}

/**
 * Scheduled rotation: finds the keys with a schedule (a reader's `rotate-every` annotation or a
 * `secrets.rotation.schedules` path) that are due, and starts each through the same planner and
 * policy as a click, requested by the plugin itself (trigger `schedule`). Protected environments
 * still wait for an approver. A due key the policy denies (or warns about: nobody is there to
 * acknowledge) gets no rotation row: it is logged and audited once per change of verdicts, so a
 * lasting denial does not write a row or an audit event every few minutes.
 */
export class ScheduledRotations {
  readonly #lastRefusal = new Map<string, string>();

  constructor(private readonly deps: ScheduledRotationsDeps) {}

  get intervalMs(): number {
    return this.deps.intervalMs ?? 300_000;
  }

  async run(): Promise<ScanResult> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: [
          {
            [`metadata.annotations.${ANNOTATION_KUBERNETES_ID}`]:
              CATALOG_FILTER_EXISTS,
          },
          {
            [`metadata.annotations.${ANNOTATION_KUBERNETES_LABEL_SELECTOR}`]:
              CATALOG_FILTER_EXISTS,
          },
        ],
        fields: ['kind', 'metadata.namespace', 'metadata.name'],
      },
      { credentials },
    );
    const result: ScanResult = { started: [], skipped: [] };
    // a key read by several entities is considered once, through the first that reads it
    const seen = new Set<string>();
    for (const entity of items) {
      const entityRef = stringifyEntityRef(entity);
      let groups: SecretGroup[];
      try {
        groups = (
          await this.deps.secrets.getEntitySecrets(parseEntityRef(entityRef), {
            credentials,
          })
        ).groups;
      } catch (error) {
        this.deps.logger.warn(
          `scheduled rotation: cannot read ${entityRef}: ${
            (error as Error).message
          }`,
        );
        continue;
      }
      for (const group of groups) {
        if (seen.has(group.id)) continue;
        const schedule = this.#scheduleOf(group);
        if (!schedule) continue;
        seen.add(group.id);
        try {
          await this.#consider(
            entityRef,
            group.id,
            schedule,
            credentials,
            result,
          );
        } catch (error) {
          result.skipped.push(
            `${entityRef} ${group.id}: ${(error as Error).message}`,
          );
          this.deps.logger.warn(
            `scheduled rotation of ${entityRef} ${group.id} failed: ${
              (error as Error).message
            }`,
          );
        }
      }
    }
    return result;
  }

  #scheduleOf(group: SecretGroup): RotationSchedule | undefined {
    return keySchedule(
      `${group.vault.mount}/${group.vault.key}`,
      group.rows.map(
        row =>
          this.deps.externalSecret(row.cluster, row.namespace, row.name)
            ?.rotateEvery,
      ),
      this.deps.schedules,
    );
  }

  async #consider(
    entityRef: string,
    groupId: string,
    schedule: RotationSchedule,
    credentials: BackstageCredentials,
    result: ScanResult,
  ): Promise<void> {
    const { store, policy } = this.deps;
    const now = (this.deps.now ?? Date.now)();
    const { plan, entityOwners } = await this.deps.planner.plan(
      { kind: 'rotation', entityRef, groupId },
      { credentials },
    );
    if (await store.activeForKey(plan.keyId)) return;
    const last = await store.lastFinished(plan.keyId);
    if (
      !isDue({
        everyMs: schedule.everyMs,
        last,
        currentVersionCreatedAt: plan.currentVersionCreatedAt,
        now,
      })
    )
      return;
    const reason = `scheduled: every ${schedule.every}`;
    const requester = {
      userEntityRef: SCHEDULE_REQUESTER,
      ownershipEntityRefs: [SCHEDULE_REQUESTER],
    };
    const decision = await policy.evaluate({
      plan,
      request: { kind: 'rotation', reason },
      requester,
      entityOwners,
      history: { lastFinishedAt: last?.finishedAt },
      now,
    });
    const refusals = decision.verdicts.filter(v => v.outcome !== 'allow');
    if (refusals.length) {
      const why = refusals
        .map(v => `${v.ruleId} ${v.outcome}: ${v.message}`)
        .join('; ');
      result.skipped.push(`${entityRef} ${groupId}: ${why}`);
      await this.#refused(plan.keyId, entityRef, groupId, why, refusals);
      return;
    }
    this.#lastRefusal.delete(plan.keyId);
    const awaiting =
      this.deps.approval?.requiresApproval(
        plan,
        requester.ownershipEntityRefs,
      ) ?? false;
    const { row, created } = await store.create({
      id: (this.deps.newId ?? randomUUID)(),
      kind: 'rotation',
      trigger: 'schedule',
      state: awaiting ? 'awaiting-approval' : 'planned',
      entityRef: plan.entityRef,
      groupId: plan.groupId,
      keyId: plan.keyId,
      requestedBy: SCHEDULE_REQUESTER,
      reason,
      versionBefore: plan.currentVersion,
      plan,
    });
    if (!created) return;
    await store.appendEvent(row.id, {
      type: 'requested',
      message: `requested by the schedule (every ${schedule.every}): ${decision.verdicts.length} allow`,
    });
    result.started.push(row.id);
    this.deps.logger.info(
      `scheduled rotation ${row.id} of ${entityRef} ${groupId} (every ${schedule.every})`,
    );
    if (awaiting) await this.deps.approval?.opened(row);
    else void this.deps.runner.run(row.id);
  }

  /** Logged and audited when the refusal is new or changed; never a rotation row. */
  async #refused(
    keyId: string,
    entityRef: string,
    groupId: string,
    why: string,
    verdicts: Array<{ ruleId: string; outcome: string }>,
  ) {
    if (this.#lastRefusal.get(keyId) === why) return;
    this.#lastRefusal.set(keyId, why);
    this.deps.logger.warn(
      `scheduled rotation of ${entityRef} ${groupId} is due but not started: ${why}`,
    );
    const event = await this.deps.auditor.createEvent({
      eventId: 'secret-rotation-schedule',
      severityLevel: 'medium',
      meta: {
        entityRef,
        groupId,
        keyId,
        verdicts: verdicts.map(v => `${v.ruleId}=${v.outcome}`),
      },
    });
    await event.fail({ error: new Error(`not started: ${why}`) });
  }
}
