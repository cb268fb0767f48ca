import { KubeObject } from '../types';

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
    return (
      typeHead(this.object.kind, apiVersion) +
      this.#json.slice(this.#headLength)
    );
  }

  /** JSON without apiVersion/kind (what typed built-in lists put in `items`). */
  get body(): string {
    const json = this.json();
    const rest = json.slice(this.#headLength);
    return rest === '}' ? '{}' : `{${rest.slice(1)}`;
  }

  /** A private deep copy for in-process callers. */
  copy(): KubeObject {
    return JSON.parse(this.json());
  }
}

function typeHead(kind: string, apiVersion: string): string {
  return `{"kind":${JSON.stringify(kind)},"apiVersion":${JSON.stringify(
    apiVersion,
  )}`;
}
