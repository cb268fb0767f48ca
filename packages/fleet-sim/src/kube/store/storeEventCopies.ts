import { StoreEvent } from '../types';
import { CommittedEvent } from './WatchHistory';

/**
 * The StoreEvent one in-process listener receives. Its objects are that listener's private copies
 * (it may mutate them), made the first time it reads them: most listeners look at `ref` and
 * return (the RBAC authorizer ignores every non-RBAC write), and a seed of 40,000 objects would
 * otherwise parse two copies per listener per write that nobody reads.
 */
export function storeEventFor(event: CommittedEvent): StoreEvent {
  let object: StoreEvent['object'] | undefined;
  let old: StoreEvent['old'] | undefined;
  let oldCopied = false;
  return Object.defineProperties(
    { type: event.type, ref: event.def.ref } as StoreEvent,
    {
      object: {
        enumerable: true,
        get: () => (object ??= event.object.copy()),
      },
      old: {
        enumerable: true,
        get: () => {
          if (!oldCopied) {
            old = event.old?.copy();
            oldCopied = true;
          }
          return old;
        },
      },
    },
  );
}
