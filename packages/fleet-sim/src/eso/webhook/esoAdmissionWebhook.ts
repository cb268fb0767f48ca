/*
 * ESO's validating webhooks as the Helm chart installs them by default (webhook.create true,
 * failurePolicy Fail; deploy/charts/external-secrets/templates/validatingwebhook.yaml, v2.9.0):
 * `validate.externalsecret.external-secrets.io`, `validate.secretstore.external-secrets.io` and
 * `validate.clustersecretstore.external-secrets.io`, for CREATE, UPDATE and DELETE of the main
 * resource only (a `/status` write is not matched). PushSecret and ClusterExternalSecret have no
 * webhook (cmd/controller/webhook.go sets up only these three validators).
 *
 * The answer is controller-runtime's (pkg/webhook/admission/validator_custom.go v0.24): a failed
 * decode is Errored(400) (no reason), a validation error Denied (403 Forbidden); the API server
 * prefixes `admission webhook "<name>" denied the request: `. ValidateDelete allows everything.
 *
 * The webhook runs in its own Deployment (external-secrets-webhook), so stopping the controller
 * (FleetCluster.stopEso: scaled to zero) leaves it serving; uninstalling ESO removes the CRDs,
 * so the rules then match nothing that is served.
 */
import {
  type AdmissionAttributes,
  registerValidatingWebhook,
  type ValidatingWebhook,
  webhookDenial,
} from '../../kube/store/validatingWebhooks';
import {
  validateExternalSecret,
  WebhookDecodeError,
} from './externalSecretValidator';
import { validateStore } from './storeValidator';

const GROUP = 'external-secrets.io';
const OPERATIONS: ValidatingWebhook['rules'][number]['operations'] = [
  'CREATE',
  'UPDATE',
  'DELETE',
];

function denial(name: string, validate: () => string | undefined): void {
  let message: string | undefined;
  try {
    message = validate();
  } catch (error) {
    if (!(error instanceof WebhookDecodeError)) throw error;
    throw webhookDenial(name, { code: 400, message: error.message });
  }
  if (message)
    throw webhookDenial(name, { code: 403, reason: 'Forbidden', message });
}

function webhook(
  name: string,
  resource: string,
  check: (attributes: AdmissionAttributes) => string | undefined,
): ValidatingWebhook {
  return {
    name,
    rules: [
      { apiGroups: [GROUP], resources: [resource], operations: OPERATIONS },
    ],
    validate(attributes) {
      if (attributes.operation === 'DELETE') return;
      denial(name, () => check(attributes));
    },
  };
}

export const ESO_WEBHOOKS: ValidatingWebhook[] = [
  webhook(
    'validate.externalsecret.external-secrets.io',
    'externalsecrets',
    ({ object }) => {
      const errs = validateExternalSecret(object);
      // errors.Join prints one error per line
      return errs.length ? errs.join('\n') : undefined;
    },
  ),
  webhook(
    'validate.secretstore.external-secrets.io',
    'secretstores',
    ({ object }) => validateStore(object),
  ),
  webhook(
    'validate.clustersecretstore.external-secrets.io',
    'clustersecretstores',
    ({ object }) => validateStore(object),
  ),
];

/** Installs ESO's webhooks in the API servers of this process, as the Helm release does. */
export function registerEsoAdmissionWebhooks(): void {
  for (const w of ESO_WEBHOOKS) registerValidatingWebhook(w);
}
