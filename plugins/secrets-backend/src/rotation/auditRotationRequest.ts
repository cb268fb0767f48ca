import type {
  AuditorService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import type {
  RotationProposal,
  RotationSummary,
} from '@secrets-plugin/plugin-secrets-common';
import type { JsonObject } from '@backstage/types';
import type { Request } from 'express';
import { RotationDeniedError } from './DefaultRotationService';

export interface RotationRequestAudit {
  /** what was asked: ids and flags, never a value */
  meta: { action: string; dryRun: boolean } & JsonObject;
  /** the HTTP request, from which the auditor takes the actor */
  request?: Request;
  /**
   * The caller, named in `meta.actor` when there is no HTTP request (an MCP action): the auditor
   * would otherwise record the plugin itself as the actor.
   */
  credentials?: BackstageCredentials;
  /** set when the request did not come over the plugin's HTTP routes, e.g. `mcp-action` */
  via?: string;
}

/** The principal an audit event names: a user's entity ref or a service's subject. */
export function actorOf(credentials: BackstageCredentials): string {
  const p = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (p.type === 'user' && p.userEntityRef) return p.userEntityRef;
  if (p.type === 'service' && p.subject) return p.subject;
  return p.type ?? 'unknown';
}

/**
 * The `secret-rotation` request audit event, for every entry point that asks for a rotation,
 * rollback or cancel (the HTTP routes and the MCP action call this one function): low severity
 * for a dry run, high for a write; the verdicts or the rotation's id and state on success, the
 * error and any denial's verdicts on failure. Resolves with what `run` resolved with.
 */
export async function auditRotationRequest<
  T extends RotationProposal | RotationSummary,
>(
  auditor: AuditorService,
  audit: RotationRequestAudit,
  run: () => Promise<T>,
): Promise<T> {
  const meta: JsonObject = { ...audit.meta };
  if (audit.via) meta.via = audit.via;
  if (!audit.request && audit.credentials)
    meta.actor = actorOf(audit.credentials);
  const event = await auditor.createEvent({
    eventId: 'secret-rotation',
    severityLevel: audit.meta.dryRun ? 'low' : 'high',
    request: audit.request,
    meta,
  });
  let result: T;
  try {
    result = await run();
  } catch (error) {
    await event.fail({
      error: error as Error,
      meta:
        error instanceof RotationDeniedError
          ? { verdicts: error.verdicts.map(v => `${v.ruleId}=${v.outcome}`) }
          : undefined,
    });
    throw error;
  }
  await event.success({
    meta:
      'verdicts' in result
        ? {
            allowed: result.allowed,
            verdicts: result.verdicts.map(v => `${v.ruleId}=${v.outcome}`),
          }
        : { rotationId: result.id, state: result.state },
  });
  return result;
}
