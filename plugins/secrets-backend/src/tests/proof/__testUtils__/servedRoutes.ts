import { createApprovalRouter } from '../../../rotation/approval/approvalRoutes';
import { createRouter } from '../../../service/router';

/** Stands in for every service: any property is another stub, any call returns one. */
function stub(): any {
  const fn: any = new Proxy(function stubbed() {}, {
    get: (_t, p) => (p === 'then' ? undefined : fn),
    apply: () => fn,
  });
  return fn;
}

/**
 * Every `METHOD path` the plugin's routers serve, read from the routers themselves (built with
 * stub services), so a route added later shows up here without anyone listing it.
 */
export async function servedRoutes(): Promise<string[]> {
  const options = new Proxy({}, { get: () => stub() }) as any;
  const routers = [
    createApprovalRouter(options),
    await createRouter(options),
  ] as any[];
  const routes = new Set<string>();
  for (const router of routers) {
    for (const layer of router.stack) {
      if (!layer.route) continue;
      for (const [method, on] of Object.entries(
        layer.route.methods as Record<string, boolean>,
      ))
        if (on && method !== '_all')
          routes.add(`${method.toUpperCase()} ${layer.route.path}`);
    }
  }
  return [...routes].sort();
}
