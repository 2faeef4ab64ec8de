/**
 * The slice of a test framework the contract suites need. vitest, jest and `node:test` all
 * provide it, so the suites run under any of them.
 */
export interface ContractTestApi {
  describe(name: string, body: () => void): unknown;
  it(name: string, body: () => Promise<void>): unknown;
  beforeAll(body: () => Promise<void>): unknown;
  afterAll(body: () => Promise<void>): unknown;
}
