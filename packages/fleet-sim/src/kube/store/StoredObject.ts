import { coreEventToEventsV1, EVENTS_V1_API_VERSION } from '../eventsV1';
import { jsonCopy } from '../objectUtil';
import { KubeObject } from '../types';

/** Other views of a stored kind at another apiVersion (a conversion, not just a new type head). */
const VIEWS: Record<string, (obj: KubeObject) => KubeObject> = {
  [`Event ${EVENTS_V1_API_VERSION}`]: coreEventToEventsV1,
};

/**
 * One committed version of an object. Never mutated after commit, so lists, watch events and
 * history can share it; its JSON is rendered once and reused by every response.
 */
export class StoredObject {
  readonly key: string;
  readonly object: KubeObject;
  readonly resourceVersion: number;
  #json?: string;
  #headLength = 0;
  #views?: Map<string, string>;

  constructor(key: string, object: KubeObject) {
    this.key = key;
    this.object = object;
    this.resourceVersion = Number(object.metadata.resourceVersion);
  }

  /** JSON with type metadata, at the requested apiVersion (served versions share one schema). */
  json(apiVersion = this.object.apiVersion): string {
    if (this.#json === undefined) {
      const { apiVersion: _a, kind: _k, ...rest } = this.object;
      const head = typeHead(this.object.kind, this.object.apiVersion);
      const body = JSON.stringify(rest);
      this.#headLength = head.length;
      this.#json = body === '{}' ? `${head}}` : `${head},${body.slice(1)}`;
    }
    if (apiVersion === this.object.apiVersion) return this.#json;
    const view = VIEWS[`${this.object.kind} ${apiVersion}`];
    if (view) return this.#view(apiVersion, view);
    return (
      typeHead(this.object.kind, apiVersion) +
      this.#json.slice(this.#headLength)
    );
  }

  #view(apiVersion: string, convert: (obj: KubeObject) => KubeObject) {
    this.#views ??= new Map();
    let json = this.#views.get(apiVersion);
    if (json === undefined) {
      json = JSON.stringify(convert(this.object));
      this.#views.set(apiVersion, json);
    }
    return json;
  }

  /** `body` of the object as served at `apiVersion` (a view may convert it). */
  bodyAt(apiVersion: string): string {
    if (!VIEWS[`${this.object.kind} ${apiVersion}`]) return this.body;
    const {
      kind: _k,
      apiVersion: _a,
      ...rest
    } = JSON.parse(this.json(apiVersion));
    return JSON.stringify(rest);
  }

  /** JSON without apiVersion/kind (what typed built-in lists put in `items`). */
  get body(): string {
    const json = this.json();
    const rest = json.slice(this.#headLength);
    return rest === '}' ? '{}' : `{${rest.slice(1)}`;
  }

  /** A private deep copy for in-process callers (the JSON is rendered only when served). */
  copy(): KubeObject {
    return jsonCopy(this.object);
  }
}

function typeHead(kind: string, apiVersion: string): string {
  return `{"kind":${JSON.stringify(kind)},"apiVersion":${JSON.stringify(
    apiVersion,
  )}`;
}
