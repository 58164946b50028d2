import type { App } from './types.js';

/** A route as registered: its method and URL pattern (`/api/patients/:id`). */
export interface RouteEntry {
  readonly method: string;
  readonly url: string;
}

const lists = new WeakMap<object, RouteEntry[]>();

/**
 * Records every route the app registers (call before the first route). The tenancy isolation suite walks
 * this list, so a route added later is tried across clinics without anyone listing it by hand.
 */
export function recordRoutes(app: App): void {
  const list: RouteEntry[] = [];
  lists.set(app, list);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) list.push({ method, url: r.url });
  });
}

/** The routes recorded by `recordRoutes` (empty when it was not called). */
export const routesOf = (app: App): readonly RouteEntry[] => lists.get(app) ?? [];
