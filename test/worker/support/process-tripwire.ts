// A tripwire around worker suites: any unhandled rejection or uncaught exception while a test
// runs fails that test (a worker must survive any message; Node would otherwise exit).
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

export function useProcessTripwire(): void {
  const caught: unknown[] = [];
  const trip = (error: unknown) => caught.push(error);
  beforeAll(() => {
    process.on('unhandledRejection', trip);
    process.on('uncaughtException', trip);
  });
  afterEach(async () => {
    // Let rejections of the test's last microtasks surface first.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(caught.splice(0).map(String)).toEqual([]);
  });
  afterAll(() => {
    process.off('unhandledRejection', trip);
    process.off('uncaughtException', trip);
  });
}
