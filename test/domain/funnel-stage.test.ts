import {
  assertStageTransition,
  canMoveStage,
  FUNNEL_PATH,
  FUNNEL_STAGES,
  FunnelStageSchema,
  IllegalStageTransitionError,
  isBaltraError,
  isOpenStage,
} from '@baltra/sdk';
import { describe, expect, it } from 'vitest';

describe('funnel stages', () => {
  it('allows exactly one step forward on the main path', () => {
    for (const [i, from] of FUNNEL_PATH.entries()) {
      for (const [j, to] of FUNNEL_PATH.entries()) {
        expect(canMoveStage(from, to), `${from} → ${to}`).toBe(j === i + 1);
      }
    }
  });

  it('allows rejected and withdrawn from every open stage and nothing out of a closed one', () => {
    for (const from of FUNNEL_STAGES) {
      const open = isOpenStage(from);
      expect(canMoveStage(from, 'rejected')).toBe(open);
      expect(canMoveStage(from, 'withdrawn')).toBe(open);
    }
    expect(FUNNEL_STAGES.filter((s) => !isOpenStage(s))).toEqual([
      'onboarded',
      'rejected',
      'withdrawn',
    ]);
  });

  it('throws a typed error with a stable code for an illegal move', () => {
    const thrown = (() => {
      try {
        assertStageTransition('applied', 'offered');
      } catch (error) {
        return error;
      }
    })();

    expect(thrown).toBeInstanceOf(IllegalStageTransitionError);
    expect(isBaltraError(thrown)).toBe(true);
    expect(thrown).toMatchObject({
      code: 'ILLEGAL_STAGE_TRANSITION',
      from: 'applied',
      to: 'offered',
      context: { from: 'applied', to: 'offered' },
    });
  });

  it('accepts a legal move silently', () => {
    expect(() => assertStageTransition('offered', 'hired')).not.toThrow();
  });

  it('rejects an unknown stage name in the schema', () => {
    expect(FunnelStageSchema.safeParse('ghosted').success).toBe(false);
  });
});
