import { ACTION_TYPE_PATTERN } from '../../shared/messaging/domain-action.js';
import { isStandardSchema } from '../../shared/validation/is-standard-schema.js';
import type { ActionHandler } from './action-handler.js';
import { WorkerConfigurationError } from './worker-configuration-error.js';

/**
 * The handlers of a worker by action type. Types must look like `domain.action` and be
 * unique; each schema must implement Standard Schema v1 (zod ≥ 3.24, valibot ≥ 1, arktype ≥ 2 …).
 *
 * @example
 * ```ts
 * const registry = new ActionHandlerRegistry([moveCandidate, ingestLeads]);
 * registry.get('funnel.move_candidate'); // the handler, or undefined
 * ```
 */
export class ActionHandlerRegistry {
  private readonly handlers = new Map<string, ActionHandler>();

  constructor(handlers: Iterable<ActionHandler> = []) {
    for (const handler of handlers) this.register(handler);
  }

  register(handler: ActionHandler): this {
    if (!ACTION_TYPE_PATTERN.test(handler.type)) {
      throw new WorkerConfigurationError(
        `Handler type "${handler.type}" must look like "domain.action"`,
      );
    }
    if (!isStandardSchema(handler.schema)) {
      throw new WorkerConfigurationError(
        `Handler "${handler.type}" needs a Standard Schema v1 validator as its schema (zod ≥ 3.24, valibot ≥ 1, arktype ≥ 2 …)`,
      );
    }
    if (this.handlers.has(handler.type)) {
      throw new WorkerConfigurationError(`Two handlers are registered for "${handler.type}"`);
    }
    this.handlers.set(handler.type, handler);
    return this;
  }

  get(type: string): ActionHandler | undefined {
    return this.handlers.get(type);
  }

  types(): string[] {
    return [...this.handlers.keys()];
  }
}
