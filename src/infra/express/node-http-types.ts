import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The slice of an Express request the edge reads: Node's `IncomingMessage` plus the routing
 * facts Express adds. Declared structurally so the adapter never imports `express`.
 */
export type EdgeRequest = IncomingMessage & {
  readonly originalUrl?: string;
  readonly baseUrl?: string;
  readonly route?: { readonly path?: unknown };
};

/** Express's `next`. */
export type EdgeNext = (error?: unknown) => void;

/** A middleware with Express's `(req, res, next)` shape. */
export type EdgeMiddleware = (req: EdgeRequest, res: ServerResponse, next: EdgeNext) => void;

/** An error middleware with Express's `(error, req, res, next)` shape (arity 4). */
export type EdgeErrorMiddleware = (
  error: unknown,
  req: EdgeRequest,
  res: ServerResponse,
  next: EdgeNext,
) => void;
