/*
 * ESO v2.9's ExternalSecret admission checks (apis/externalsecrets/v1/externalsecret_validator.go,
 * validateExternalSecret), on the object the API server sends after CRD defaulting. The webhook
 * first decodes the object into the Go type, which fails on a duration Go cannot parse (the CRD
 * declares durations as plain strings, so `refreshInterval: banana` passes the schema).
 */
import { goQuote } from '../go/goErrors';
import { parseGoDuration } from '../go/goDuration';
import type { KubeObject } from '../../kube/types';

/** controller-runtime's decoder failed: the webhook answers Errored(400, err). */
export class WebhookDecodeError extends Error {}

const SA_TOKEN = 'kubernetes.io/service-account-token';
const SA_NAME_KEY = 'kubernetes.io/service-account.name';
const BOOTSTRAP_TOKEN = 'bootstrap.kubernetes.io/token';
const TARGETS = ['Data', 'Annotations', 'Labels'];

type Spec = Record<string, any>;

/** metav1.Duration.UnmarshalJSON: time.ParseDuration, first failure in (sorted) key order. */
function decodeDurations(spec: Spec): void {
  const parse = (value: unknown) => {
    if (typeof value !== 'string') return;
    try {
      parseGoDuration(value);
    } catch (error) {
      throw new WebhookDecodeError((error as Error).message);
    }
  };
  parse(spec.refreshInterval);
  for (const window of spec.syncWindows?.windows ?? []) parse(window?.duration);
}

function validatePolicies(target: Spec): string[] {
  const errs: string[] = [];
  const creation = target.creationPolicy;
  if (
    target.deletionPolicy === 'Delete' &&
    ['Merge', 'None', 'CreateOrMerge'].includes(creation)
  ) {
    errs.push(
      "deletionPolicy=Delete must not be used when the controller doesn't own the secret. Please set creationPolicy=Owner",
    );
  }
  if (target.deletionPolicy === 'Merge' && creation === 'None') {
    errs.push(
      'deletionPolicy=Merge must not be used with creationPolicy=None. There is no Secret to merge with',
    );
  }
  return errs;
}

function validatePrivilegedTemplate(template: Spec | undefined): string[] {
  if (!template) return [];
  if (template.type === SA_TOKEN) {
    if (Object.hasOwn(template.metadata?.annotations ?? {}, SA_NAME_KEY))
      return [
        `template.type=${goQuote(SA_TOKEN)} with annotation ${goQuote(
          SA_NAME_KEY,
        )} is not allowed`,
      ];
    for (const tf of template.templateFrom ?? []) {
      if (String(tf?.target ?? '').toLowerCase() === 'annotations')
        return [
          `template.type=${goQuote(
            SA_TOKEN,
          )} with templateFrom target=${goQuote('Annotations')} is not allowed`,
        ];
    }
  }
  if (template.type === BOOTSTRAP_TOKEN)
    return [`template.type=${goQuote(BOOTSTRAP_TOKEN)} is not allowed`];
  return [];
}

function validateTemplateFromTargets(target: Spec): string[] {
  const manifest = target.manifest;
  const isSecret =
    !manifest || (manifest.apiVersion === 'v1' && manifest.kind === 'Secret');
  if (!isSecret) return [];
  const errs: string[] = [];
  for (const tf of target.template?.templateFrom ?? []) {
    const value = String(tf?.target ?? '');
    if (
      value === '' ||
      TARGETS.some(t => t.toLowerCase() === value.toLowerCase())
    )
      continue;
    errs.push(
      `templateFrom target=${goQuote(
        value,
      )} is not allowed when targeting a Secret, must be one of "Data", "Annotations" or "Labels"`,
    );
  }
  return errs;
}

function validateDataFrom(ref: Spec): string[] {
  const errs: string[] = [];
  const generator = Boolean(ref.sourceRef?.generatorRef);
  const set = [Boolean(ref.find), Boolean(ref.extract), generator].filter(
    Boolean,
  ).length;
  if (set > 1)
    errs.push('extract, find, or generatorRef cannot be set at the same time');
  if (!ref.find && !ref.extract && !ref.sourceRef)
    errs.push('either extract, find, or sourceRef must be set to dataFrom');
  if (ref.sourceRef && !ref.sourceRef.generatorRef && !ref.sourceRef.storeRef)
    errs.push(
      'generatorRef or storeRef must be set when using sourceRef in dataFrom',
    );
  return errs;
}

function validateDuplicateKeys(spec: Spec): string[] {
  if ((spec.target?.deletionPolicy ?? '') !== 'Retain') return [];
  const seen = new Set<string>();
  const errs: string[] = [];
  for (const entry of spec.data ?? []) {
    const key = String(entry?.secretKey ?? '');
    if (seen.has(key)) errs.push(`duplicate secretKey found: ${key}`);
    seen.add(key);
  }
  return errs;
}

/**
 * The errors validateExternalSecret joins (errors.Join: one per line), empty when allowed.
 * Throws WebhookDecodeError when the object does not decode into the Go type.
 */
export function validateExternalSecret(es: KubeObject): string[] {
  const spec = (es.spec ?? {}) as Spec;
  decodeDurations(spec);
  const target = (spec.target ?? {}) as Spec;
  const errs = [...validatePolicies(target)];
  if (!(spec.data ?? []).length && !(spec.dataFrom ?? []).length)
    errs.push('either data or dataFrom should be specified');
  errs.push(...validatePrivilegedTemplate(target.template));
  errs.push(...validateTemplateFromTargets(target));
  for (const ref of spec.dataFrom ?? [])
    errs.push(...validateDataFrom(ref ?? {}));
  errs.push(...validateDuplicateKeys(spec));
  return errs;
}
