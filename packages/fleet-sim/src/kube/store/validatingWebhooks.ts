import { ResourceDefinition } from '../resourceDefinition';
import { KubeApiError, KubeObject } from '../types';

/**
 * The ValidatingAdmissionWebhook plugin of the API server, with webhooks registered in process
 * instead of through ValidatingWebhookConfiguration objects. A webhook matches by its rules
 * (apiGroups, resources incl. `x/status` for a subresource, operations) as
 * k8s.io/apiserver/pkg/admission/plugin/webhook/predicates/rules does; it runs after the
 * registry's own validation and before the write is committed.
 */
export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE';

export interface AdmissionAttributes {
  operation: AdmissionOperation;
  object: KubeObject;
  oldObject?: KubeObject;
  /** the version the object was written at */
  version: string;
}

export interface ValidatingWebhook {
  /** `validate.externalsecret.external-secrets.io`: named in every denial */
  readonly name: string;
  readonly rules: ReadonlyArray<{
    apiGroups: string[];
    resources: string[];
    operations: AdmissionOperation[];
  }>;
  /** throws the KubeApiError the server answers with (see webhookDenial) */
  validate(attributes: AdmissionAttributes): void;
}

const registered = new Map<string, ValidatingWebhook>();

/** Installs a webhook on every simulated API server of this process (idempotent per name). */
export function registerValidatingWebhook(webhook: ValidatingWebhook): void {
  registered.set(webhook.name, webhook);
}

export function unregisterValidatingWebhook(name: string): void {
  registered.delete(name);
}

export function validatingWebhooksFor(
  def: ResourceDefinition,
  operation: AdmissionOperation,
  subresource: string,
): ValidatingWebhook[] {
  if (registered.size === 0) return [];
  const resource = subresource
    ? `${def.ref.resource}/${subresource}`
    : def.ref.resource;
  return [...registered.values()].filter(w =>
    w.rules.some(
      r =>
        (r.apiGroups.includes('*') || r.apiGroups.includes(def.ref.group)) &&
        (r.resources.includes('*') || r.resources.includes(resource)) &&
        r.operations.includes(operation),
    ),
  );
}

/**
 * The error the API server returns for a webhook's `allowed: false` (webhook/errors ToStatusErr):
 * the webhook's code (at least 400) and reason, its message prefixed with who denied it.
 */
export function webhookDenial(
  webhookName: string,
  result: { code: number; reason?: string; message?: string },
): KubeApiError {
  const deniedBy = `admission webhook ${JSON.stringify(
    webhookName,
  )} denied the request`;
  let message = `${deniedBy} without explanation`;
  if (result.message) message = `${deniedBy}: ${result.message}`;
  else if (result.reason) message = `${deniedBy}: ${result.reason}`;
  return new KubeApiError(
    Math.max(result.code, 400),
    result.reason ?? '',
    message,
  );
}
