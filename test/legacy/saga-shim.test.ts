import { defineSaga, SagaCompensationFailedError, SagaOrchestrator } from '@baltra/sdk';
import { Saga } from '@baltra/sdk/legacy';
import { InMemorySagaStore } from '@baltra/sdk/testing';
import { describe, expect, it } from 'vitest';
import { onlyWarning, useDeprecationSpy } from './support/deprecation-spy.js';

/** Three steps whose effects are logged; `failAt` names the step that throws. */
function steps(log: string[], failAt?: string) {
  return ['generate_sas', 'transfer_data', 'confirm'].map((name) => ({
    name,
    run: async () => {
      if (name === failAt) throw new Error(`${name} failed`);
      log.push(`run ${name}`);
    },
    compensate: async () => {
      log.push(`undo ${name}`);
    },
  }));
}

describe('legacy Saga', () => {
  const deprecations = useDeprecationSpy();

  it('runs the steps like SagaOrchestrator and resolves true; warns once', async () => {
    // Prepare
    const legacyLog: string[] = [];
    const saga = new Saga('transfer_citizen');
    for (const step of steps(legacyLog)) saga.addStep(step.run, step.compensate, step.name);
    const currentLog: string[] = [];

    // Act
    const success = await saga.execute();
    const record = await new SagaOrchestrator(new InMemorySagaStore()).start(
      defineSaga('transfer_citizen', steps(currentLog)),
      'transfer:1',
      null,
    );
    new Saga('another');

    // Assess
    expect(success).toBe(true);
    expect(record.status).toBe('completed');
    expect(legacyLog).toEqual(currentLog);
    const warning = onlyWarning(deprecations, 'BALTRA_DEP015');
    expect(warning.message).toContain('defineSaga() and SagaOrchestrator');
  });

  it('compensates in reverse order like SagaOrchestrator and resolves false', async () => {
    // Prepare
    const legacyLog: string[] = [];
    const store = new InMemorySagaStore();
    const saga = new Saga('transfer_citizen', { store });
    for (const step of steps(legacyLog, 'confirm'))
      saga.addStep(step.run, step.compensate, step.name);
    const currentLog: string[] = [];

    // Act
    const success = await saga.execute();
    const record = await new SagaOrchestrator(new InMemorySagaStore()).start(
      defineSaga('transfer_citizen', steps(currentLog, 'confirm')),
      'transfer:2',
      null,
    );

    // Assess
    expect(success).toBe(false);
    expect(record.status).toBe('compensated');
    expect(legacyLog).toEqual(currentLog);
    expect(legacyLog).toEqual([
      'run generate_sas',
      'run transfer_data',
      'undo transfer_data',
      'undo generate_sas',
    ]);
    expect((await store.listUnfinished(10)).length).toBe(0);
  });

  it('rejects with SagaCompensationFailedError when a compensation throws', async () => {
    // Prepare
    const saga = new Saga('broken')
      .addStep(
        () => undefined,
        () => {
          throw new Error('cannot undo');
        },
        'first',
      )
      .addStep(
        () => {
          throw new Error('second failed');
        },
        () => undefined,
        'second',
      );

    // Act / Assess
    await expect(saga.execute()).rejects.toBeInstanceOf(SagaCompensationFailedError);
  });
});
