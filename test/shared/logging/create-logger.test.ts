import { describe, expect, it } from 'vitest';
import Transport from 'winston-transport';
import { runWithContext } from '../../../src/shared/context/execution-context.js';
import { createLogger } from '../../../src/shared/logging/create-logger.js';
import { captureLogs } from '../support/log-capture.js';

/** A winston transport that keeps the entries it receives. */
class ArrayTransport extends Transport {
  readonly entries: Record<string | symbol, unknown>[] = [];
  override log(info: Record<string | symbol, unknown>, next: () => void): void {
    this.entries.push(info);
    next();
  }
}

describe('createLogger', () => {
  it('writes JSON lines with timestamp, level, message and service', async () => {
    // Prepare
    const capture = captureLogs();
    const log = createLogger({ service: 'lead-ingestion', stream: capture.stream });

    // Act
    log.info('leads imported', { count: 12 });
    const [entry] = await capture.entries();

    // Assess
    expect(entry).toEqual({
      level: 'info',
      message: 'leads imported',
      service: 'lead-ingestion',
      count: 12,
      timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
    });
  });

  it('adds the execution context current at the call', async () => {
    // Prepare
    const capture = captureLogs();
    const log = createLogger({ stream: capture.stream });
    const context = {
      correlationId: 'corr-1',
      tenantId: 'acme',
      tenantTier: 'enterprise',
      actionId: 'act-1',
      sessionId: 'sess-1',
    };

    // Act
    await runWithContext(context, async () => {
      log.info('inside');
    });
    log.info('outside');
    const [inside, outside] = await capture.entries();

    // Assess
    expect(inside).toMatchObject(context);
    expect(outside).not.toHaveProperty('correlationId');
    expect(outside).not.toHaveProperty('tenantId');
  });

  it('records the context of each concurrent task in its own entries', async () => {
    // Prepare
    const capture = captureLogs();
    const log = createLogger({ stream: capture.stream });

    // Act
    await Promise.all(
      ['a', 'b', 'c'].map((tenantId, index) =>
        runWithContext({ correlationId: `corr-${tenantId}`, tenantId }, async () => {
          await new Promise((resolve) => setTimeout(resolve, 3 - index));
          log.info('work', { tenant: tenantId });
        }),
      ),
    );
    const entries = await capture.entries();

    // Assess
    expect(entries).toHaveLength(3);
    for (const entry of entries) {
      expect(entry.tenantId).toBe(entry.tenant);
      expect(entry.correlationId).toBe(`corr-${String(entry.tenant)}`);
    }
  });

  it('binds fields with child(), call fields winning', async () => {
    // Prepare
    const capture = captureLogs();
    const log = createLogger({ stream: capture.stream, fields: { version: '1.4.0' } });
    const child = log.child({ companyId: 'c-1', step: 'fetch' }).child({ vacancyId: 'v-9' });

    // Act
    child.warn('slow page', { step: 'map', ms: 950 });
    log.info('parent');
    const [fromChild, fromParent] = await capture.entries();

    // Assess
    expect(fromChild).toMatchObject({
      level: 'warn',
      version: '1.4.0',
      companyId: 'c-1',
      vacancyId: 'v-9',
      step: 'map',
      ms: 950,
    });
    expect(fromParent).not.toHaveProperty('companyId');
    expect(fromParent).toHaveProperty('version', '1.4.0');
  });

  it('masks PII in the message and fields and hides secrets', async () => {
    // Prepare
    const capture = captureLogs();
    const log = createLogger({ stream: capture.stream });

    // Act
    log.info('lead from ana.lopez@example.com', {
      phone: '+5215512345678',
      password: 'hunter2',
      lead: { email: 'ana.lopez@example.com' },
    });
    const [entry] = await capture.entries();

    // Assess
    expect(entry).toMatchObject({
      message: 'lead from a***@example.com',
      phone: '+52*********78',
      password: '[REDACTED]',
      lead: { email: 'a***@example.com' },
    });
    expect(capture.text()).not.toMatch(/ana\.lopez|5512345678|hunter2/);
  });

  it('keeps PII with redact: false, still hiding secrets', async () => {
    // Prepare
    const capture = captureLogs();
    const log = createLogger({ stream: capture.stream, redact: false });

    // Act
    log.info('lead from ana.lopez@example.com', { apiKey: 'k-1' });
    const [entry] = await capture.entries();

    // Assess
    expect(entry).toMatchObject({
      message: 'lead from ana.lopez@example.com',
      apiKey: '[REDACTED]',
    });
  });

  it('serialises errors as name, message and code without stack', async () => {
    // Prepare
    const capture = captureLogs();
    const log = createLogger({ stream: capture.stream });
    const error = Object.assign(new Error('queue unreachable'), { code: 'ECONNREFUSED' });

    // Act
    log.error('publish failed', { error });
    const [entry] = await capture.entries();

    // Assess
    expect(entry?.error).toEqual({
      name: 'Error',
      message: 'queue unreachable',
      code: 'ECONNREFUSED',
    });
  });

  it('adds the stack of errors with errorStack: true', async () => {
    // Prepare
    const capture = captureLogs();
    const log = createLogger({ stream: capture.stream, errorStack: true });

    // Act
    log.error('failed', { error: new Error('boom') });
    const [entry] = await capture.entries();

    // Assess
    expect((entry?.error as Record<string, unknown> | undefined)?.stack).toMatch(
      /^Error: boom\n\s+at /,
    );
  });

  it('drops entries below the level', async () => {
    // Prepare
    const capture = captureLogs();
    const log = createLogger({ stream: capture.stream, level: 'warn' });

    // Act
    log.debug('d');
    log.info('i');
    log.child({ x: 1 }).warn('w');
    log.error('e');
    const entries = await capture.entries();

    // Assess
    expect(entries.map((entry) => entry.level)).toEqual(['warn', 'error']);
  });

  it('writes debug entries at level debug, and nothing below info by default', async () => {
    // Prepare
    const debugCapture = captureLogs();
    const defaultCapture = captureLogs();
    const debugLog = createLogger({ stream: debugCapture.stream, level: 'debug' });
    const defaultLog = createLogger({ stream: defaultCapture.stream });

    // Act
    debugLog.debug('details');
    defaultLog.debug('details');
    const [debugEntry] = await debugCapture.entries();
    const defaultEntries = await defaultCapture.entries();

    // Assess
    expect(debugEntry).toMatchObject({ level: 'debug', message: 'details' });
    expect(defaultEntries).toEqual([]);
  });

  it('renames fields that clash with the entry keys winston owns', async () => {
    // Prepare
    const capture = captureLogs();
    const log = createLogger({ stream: capture.stream });

    // Act
    log.info('real message', { message: 'field', level: 3, timestamp: 'then' });
    const [entry] = await capture.entries();

    // Assess
    expect(entry).toMatchObject({
      level: 'info',
      message: 'real message',
      _message: 'field',
      _level: 3,
      _timestamp: 'then',
    });
  });

  it('writes to the given winston transports', () => {
    // Prepare
    const transport = new ArrayTransport();
    const log = createLogger({ transports: [transport], service: 'svc' });

    // Act
    runWithContext({ correlationId: 'corr-t' }, () => log.info('to transport'));

    // Assess
    expect(transport.entries).toHaveLength(1);
    expect(transport.entries[0]).toMatchObject({
      level: 'info',
      message: 'to transport',
      service: 'svc',
      correlationId: 'corr-t',
    });
  });

  it('writes to stdout when given no transport', () => {
    // Act
    const log = createLogger({ level: 'error' });

    // Assess
    expect(typeof log.child({}).info).toBe('function');
  });
});
