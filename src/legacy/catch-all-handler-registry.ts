import { z } from 'zod';
import type { ActionHandler } from '../infra/worker/action-handler.js';
import { ActionHandlerRegistry } from '../infra/worker/action-handler-registry.js';

const PAYLOAD = z.record(z.string(), z.unknown());

type PayloadHandler = ActionHandler<typeof PAYLOAD>['handle'];

/**
 * A registry that hands every action type (or every type of `only`) to one function, as the
 * legacy consumers and workers did: they received all messages of their queue. Types outside
 * `only` stay unknown, so the worker dead-letters them as `unknown_action_type`.
 *
 * @example
 * ```ts
 * new Worker({ queue, queues: ['events'], handlers: new CatchAllHandlerRegistry((data) => handle(data)) });
 * ```
 */
export class CatchAllHandlerRegistry extends ActionHandlerRegistry {
  private readonly byType = new Map<string, ActionHandler>();

  constructor(
    private readonly handle: PayloadHandler,
    private readonly only?: ReadonlySet<string>,
  ) {
    super();
  }

  override get(type: string): ActionHandler | undefined {
    if (this.only !== undefined && !this.only.has(type)) return undefined;
    let handler = this.byType.get(type);
    if (handler === undefined) {
      handler = { type, schema: PAYLOAD, handle: this.handle } as ActionHandler;
      this.byType.set(type, handler);
    }
    return handler;
  }

  override types(): string[] {
    return this.only === undefined ? [...this.byType.keys()] : [...this.only];
  }
}
