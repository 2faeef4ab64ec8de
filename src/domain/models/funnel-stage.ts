import { z } from 'zod';
import { DomainError } from '../errors.js';

/** The main path of the funnel, in order. */
export const FUNNEL_PATH = [
  'applied',
  'screening',
  'interview_scheduled',
  'interviewed',
  'offered',
  'hired',
  'onboarded',
] as const;

/** Exits reachable from any open stage. */
export const FUNNEL_EXITS = ['rejected', 'withdrawn'] as const;

/** Every stage a candidate can be in. */
export const FUNNEL_STAGES = [...FUNNEL_PATH, ...FUNNEL_EXITS] as const;

export const FunnelStageSchema = z.enum(FUNNEL_STAGES);

/** A stage of the recruiting funnel. */
export type FunnelStage = z.infer<typeof FunnelStageSchema>;

const TERMINAL: ReadonlySet<FunnelStage> = new Set(['onboarded', 'rejected', 'withdrawn']);

/** True while the candidate can still move (every stage but onboarded, rejected, withdrawn). */
export function isOpenStage(stage: FunnelStage): boolean {
  return !TERMINAL.has(stage);
}

/**
 * Whether `from → to` is a legal move: one step forward on the main path, or to an exit
 * from any open stage.
 *
 * @example
 * ```ts
 * canMoveStage('applied', 'screening'); // true
 * canMoveStage('applied', 'hired');     // false
 * ```
 */
export function canMoveStage(from: FunnelStage, to: FunnelStage): boolean {
  if (!isOpenStage(from)) return false;
  if ((FUNNEL_EXITS as readonly string[]).includes(to)) return true;
  const index = FUNNEL_PATH.indexOf(from as (typeof FUNNEL_PATH)[number]);
  return FUNNEL_PATH[index + 1] === to;
}

/** Thrown for a move the funnel does not allow; code `ILLEGAL_STAGE_TRANSITION`. */
export class IllegalStageTransitionError extends DomainError {
  constructor(
    readonly from: FunnelStage,
    readonly to: FunnelStage,
  ) {
    super(`a candidate cannot move from ${from} to ${to}`, {
      code: 'ILLEGAL_STAGE_TRANSITION',
      context: { from, to },
    });
  }
}

/** Throws {@link IllegalStageTransitionError} unless `from → to` is legal. */
export function assertStageTransition(from: FunnelStage, to: FunnelStage): void {
  if (!canMoveStage(from, to)) throw new IllegalStageTransitionError(from, to);
}
