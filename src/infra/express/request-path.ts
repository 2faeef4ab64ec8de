import type { EdgeRequest } from './node-http-types.js';

/** The request's full path (mount point included), without the query string. */
export function requestPath(req: EdgeRequest): string {
  const url = req.originalUrl ?? req.url ?? '/';
  const end = url.search(/[?#]/);
  return end < 0 ? url : url.slice(0, end);
}

/** The matched route template (`/v1/candidates/:id`), for low-cardinality metrics. */
export function routeTemplate(req: EdgeRequest): string | undefined {
  const path = req.route?.path;
  if (typeof path !== 'string') return undefined;
  return `${req.baseUrl ?? ''}${path}`;
}
