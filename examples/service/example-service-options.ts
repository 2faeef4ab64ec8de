import type { ServiceEdgeOptions } from '@baltra/sdk';
import type { CandidateHandlerDeps } from './candidate-handlers.js';

/** Everything the example service is built from (the same for Express and Fastify). */
export interface ExampleServiceOptions extends CandidateHandlerDeps {
  readonly edge: ServiceEdgeOptions;
}
