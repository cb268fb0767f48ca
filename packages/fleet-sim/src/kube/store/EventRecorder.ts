import { isKubeApiError } from '../apiErrors';
import { KubeObject } from '../types';
import type { ClusterObjectRegistry } from './ClusterObjectRegistry';

const EVENTS = { group: '', resource: 'events' };

/**
 * client-go's legacy event recorder as controllers (ESO via controller-runtime) use it: one core/v1
 * Event per involved object + type + reason + message + source; a repeat bumps `count` and
 * `lastTimestamp` instead of creating a new Event. Failures are dropped, as the recorder does.
 */
export class EventRecorder {
  readonly #store: ClusterObjectRegistry;
  readonly #byAggregate = new Map<
    string,
    { namespace: string; name: string }
  >();
  #sequence = 0;

  constructor(store: ClusterObjectRegistry) {
    this.#store = store;
  }

  record(
    involved: KubeObject,
    type: string,
    reason: string,
    message: string,
    component = 'fleet-sim',
  ): void {
    const namespace = involved.metadata.namespace || 'default';
    const aggregate = [
      involved.apiVersion,
      involved.kind,
      namespace,
      involved.metadata.name,
      involved.metadata.uid,
      type,
      reason,
      message,
      component,
    ].join('\u0000');
    const def = this.#store.catalog.require(EVENTS);
    const now = this.#store.clock.nowRfc3339();
    try {
      const existing = this.#byAggregate.get(aggregate);
      if (
        existing &&
        this.#store.table(def).get(`${existing.namespace}/${existing.name}`)
      ) {
        this.#store.patchObject(
          def,
          existing.namespace,
          existing.name,
          event => {
            event.count = Number(event.count ?? 1) + 1;
            event.lastTimestamp = now;
            return event;
          },
          false,
        );
        return;
      }
      const name = `${involved.metadata.name}.${this.#uniqueSuffix()}`;
      this.#store.createObject(def, {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace },
        involvedObject: {
          kind: involved.kind,
          namespace: involved.metadata.namespace,
          name: involved.metadata.name,
          uid: involved.metadata.uid,
          apiVersion: involved.apiVersion,
          resourceVersion: involved.metadata.resourceVersion,
        },
        reason,
        message,
        source: { component },
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
        type,
        eventTime: null,
        reportingComponent: component,
        reportingInstance: '',
      });
      this.#byAggregate.set(aggregate, { namespace, name });
    } catch (error) {
      if (!isKubeApiError(error)) throw error;
    }
  }

  /** `%x` of UnixNano like client-go, made unique within one simulated nanosecond. */
  #uniqueSuffix(): string {
    const nanos =
      BigInt(Math.floor(this.#store.clock.now())) * 1_000_000n +
      BigInt(this.#sequence++ % 1_000_000);
    return nanos.toString(16);
  }
}
