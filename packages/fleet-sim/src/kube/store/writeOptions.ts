import { ResourceDefinition } from '../resourceDefinition';

/** Options of one write, as the HTTP layer passes them (in-process callers usually pass none). */
export interface WriteOptions {
  /** `?dryRun=All`: admit and validate, commit nothing */
  dryRun?: boolean;
  /** the API version the client wrote (its schema validates the object); storage version otherwise */
  version?: string;
  /** PUT of a custom resource: metadata.resourceVersion must be given (AllowUnconditionalUpdate=false) */
  requireResourceVersion?: boolean;
  /** `?fieldValidation=`: what to do about fields the schema does not declare (default Warn) */
  fieldValidation?: 'Ignore' | 'Warn' | 'Strict';
  /** filled with `Warning` header texts (pruned unknown fields) */
  warnings?: string[];
  /**
   * the field manager of an Update operation (`?fieldManager=`, else the User-Agent's product);
   * in-process writes without one claim no fields
   */
  fieldManager?: string;
  /** server-side apply already computed metadata.managedFields of the written object */
  managedFieldsComputed?: boolean;
  /** the input becomes the store's (ClusterStore.adopt): it is not copied first */
  adopt?: boolean;
  /**
   * written through this view of the resource (events.k8s.io/v1 Events): its validation applies,
   * its errors name its group, and managedFields are recorded in its terms
   */
  view?: ResourceDefinition;
}

export interface DeleteOptions {
  dryRun?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
}
