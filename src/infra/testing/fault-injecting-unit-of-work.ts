import type { Repositories, UnitOfWork } from '../../domain/ports/unit-of-work.js';

/** Which call fails: the `operation` (`'leadCursors.save'`) during the `run`-th unit of work. */
export interface InjectedFault {
  /** 1-based number of the `run` call whose repositories fail. */
  readonly run: number;
  /** `repository.method` that throws, e.g. `'outbox.append'`. */
  readonly operation: `${Exclude<keyof Repositories, 'savepoint'>}.${string}`;
  /** What the call throws; default `Error('injected fault: {operation}')`. */
  readonly error?: unknown;
}

/**
 * Wraps a `UnitOfWork` so that one repository call of one run throws, to prove that a use
 * case's unit of work is atomic (nothing of the failed run remains) and that earlier runs
 * stay committed. Works with any adapter.
 *
 * @example
 * ```ts
 * const uow = new FaultInjectingUnitOfWork(inner, { run: 3, operation: 'leadCursors.save' });
 * await new LeadIngestionService(uow, source).ingest(companyId, formId); // rejects on page 2
 * ```
 */
export class FaultInjectingUnitOfWork implements UnitOfWork {
  private runs = 0;

  constructor(
    private readonly inner: UnitOfWork,
    private readonly fault: InjectedFault,
  ) {}

  /** How many times `run` was called. */
  get runCount(): number {
    return this.runs;
  }

  run<T>(work: (repositories: Repositories) => Promise<T>): Promise<T> {
    this.runs += 1;
    const faulty = this.runs === this.fault.run;
    return this.inner.run((repositories) =>
      work(faulty ? this.inject(repositories) : repositories),
    );
  }

  private inject(repositories: Repositories): Repositories {
    const [name, method] = this.fault.operation.split('.') as [keyof Repositories, string];
    const error = this.fault.error ?? new Error(`injected fault: ${this.fault.operation}`);
    const repository = repositories[name] as object;
    const failing = new Proxy(repository, {
      get(target, property, receiver) {
        if (property === method) {
          return () => Promise.reject(error);
        }
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    return { ...repositories, [name]: failing };
  }
}
