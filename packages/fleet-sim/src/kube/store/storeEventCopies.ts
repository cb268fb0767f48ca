import { StoreEvent } from '../types';
import { CommittedEvent } from './WatchHistory';

/**
 * The StoreEvent one in-process listener receives. Its objects are that listener's private copies
 * (it may mutate them), made the first time it reads them: most listeners look at `ref` and
 * return (the RBAC authorizer ignores every non-RBAC write), and a seed of 40,000 objects would
 * otherwise parse two copies per listener per write that nobody reads. (Getters in a literal, not
 * Object.defineProperties, which costs more than the copies it saves on a seed.)
 */
export function storeEventFor(event: CommittedEvent): StoreEvent {
  let object: StoreEvent['object'] | undefined;
  let old: StoreEvent['old'] | undefined;
  let oldCopied = false;
  return {
    type: event.type,
    ref: event.def.ref,
    get object() {
      return (object ??= event.object.copy());
    },
    get old() {
      if (!oldCopied) {
        old = event.old?.copy();
        oldCopied = true;
      }
      return old;
    },
  };
}
