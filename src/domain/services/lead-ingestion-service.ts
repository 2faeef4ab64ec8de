import { z } from 'zod';
import type { Candidate } from '../models/candidate.js';
import type { DomainEvent } from '../models/domain-event.js';
import type { LeadCursor, QuarantinedLead } from '../models/lead.js';
import type { StageTransition } from '../models/stage-transition.js';
import type { LeadSource } from '../ports/lead-source.js';
import type { UnitOfWork } from '../ports/unit-of-work.js';
import {
  createLeadMapper,
  type LeadCandidateFields,
  MapLeadOptionsSchema,
} from './create-lead-mapper.js';
import { type DomainClock, resolveClock } from './domain-clock.js';
import { parseInput } from './parse-input.js';
import { requireCompany } from './require-company.js';

/** Who the initial `applied` transitions of ingested candidates name as the actor. */
export const LEAD_INGESTION_ACTOR = 'lead-ingestion';

/** Validates the options of {@link LeadIngestionService} (the input of {@link LeadIngestionOptions}). */
export const LeadIngestionOptionsSchema = z.object({
  /** Leads per page, and so per transaction; default 500. */
  batchSize: z.int().min(1).max(10_000).optional(),
  defaultCountryCode: MapLeadOptionsSchema.shape.defaultCountryCode,
  /** The vacancy the leads of this source apply to. */
  vacancyId: z.uuid().optional(),
  fieldNames: MapLeadOptionsSchema.shape.fieldNames,
});

export type LeadIngestionOptions = DomainClock & z.input<typeof LeadIngestionOptionsSchema>;

/** Validates one `ingest` call: the company, the lead source and the {@link IngestOptions}. */
export const IngestRequestSchema = z.object({
  companyId: z.uuid(),
  sourceKey: z.string().min(1).max(200),
  /** Only leads created at or after this instant, when starting from the beginning. */
  since: z.date().optional(),
  /** Stop after this many pages (the cursor keeps the place for the next run). */
  maxPages: z.int().min(1).optional(),
});

type IngestRequest = z.output<typeof IngestRequestSchema>;

/** A page read from the source and mapped, ready to store. */
interface PreparedPage {
  readonly received: number;
  readonly nextCursor: string;
  readonly hasMore: boolean;
  readonly now: Date;
  readonly valid: readonly Candidate[];
  readonly invalid: readonly QuarantinedLead[];
}

export type IngestOptions = Omit<z.input<typeof IngestRequestSchema>, 'companyId' | 'sourceKey'>;

/** What one `ingest` run did. */
export interface IngestionReport {
  /** Pages read from the source. */
  readonly pages: number;
  /** Leads received. */
  readonly received: number;
  /** Candidates created. */
  readonly created: number;
  /** Valid leads whose Meta lead id already had a candidate (or repeated in the run). */
  readonly duplicates: number;
  /** Invalid leads put in quarantine with their reasons. */
  readonly quarantined: number;
}

/**
 * Pulls leads from a `LeadSource` since the stored cursor and turns them into candidates,
 * page by page. Each page is read outside any transaction, then stored in one unit of work:
 * new candidates (a lead already stored is skipped, so the same lead twice is one
 * candidate), their initial `applied` transitions, invalid leads in quarantine with their
 * reasons, a `candidate.applied` or `lead.quarantined` event each (ids only, no PII), and the
 * cursor after the page. The cursor therefore never moves past a lead that was not stored: a
 * run that fails resumes at the failed page. While one page is stored the next is already
 * fetched and mapped (so a slow source and the database work at the same time); at most two
 * pages are held in memory, and a failed fetch surfaces only after the page before it is
 * committed. Unless `newId` is given, ids are time-ordered UUIDv7, which keeps a batch's rows
 * together in the primary-key indexes.
 *
 * When the source has no more pages the cursor is saved as `null`, so the next run starts
 * from the beginning (or `since`); leads already stored then count as duplicates. Run one
 * ingestion per company and source at a time (see `LockManager.withLock`).
 *
 * @example
 * ```ts
 * const ingestion = new LeadIngestionService(uow, metaLeadSource, { batchSize: 500 });
 * const report = await locks.withLock(`ingest:${companyId}:${formId}`, () =>
 *   ingestion.ingest(companyId, formId, { since: new Date('2026-03-01') }),
 * );
 * console.log(report); // { pages: 3, received: 1200, created: 1150, duplicates: 20, quarantined: 30 }
 * ```
 */
export class LeadIngestionService {
  private readonly clock: Required<DomainClock>;
  private readonly options: z.output<typeof LeadIngestionOptionsSchema>;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly leadSource: LeadSource,
    options: LeadIngestionOptions = {},
  ) {
    const { now, newId, ...rest } = options;
    this.options = parseInput('lead ingestion options', LeadIngestionOptionsSchema, rest);
    // Time-ordered ids unless the caller brings its own: rows written in one batch then land
    // next to each other in the primary-key indexes instead of on random pages.
    this.clock = resolveClock({
      ...(now === undefined ? {} : { now }),
      newId: newId ?? timeOrderedIds(),
    });
  }

  /**
   * Ingests the leads of one company's source; see the class description. Errors:
   * `VALIDATION_FAILED`, `NOT_FOUND` (no company with this id; the source is not asked).
   */
  async ingest(
    companyId: string,
    sourceKey: string,
    options: IngestOptions = {},
  ): Promise<IngestionReport> {
    const request = parseInput('ingest request', IngestRequestSchema, {
      companyId,
      sourceKey,
      ...options,
    });
    const { batchSize = 500, vacancyId, fieldNames, defaultCountryCode } = this.options;
    const map = createLeadMapper({
      companyId: request.companyId,
      ...(vacancyId === undefined ? {} : { vacancyId }),
      ...(fieldNames === undefined ? {} : { fieldNames }),
      ...(defaultCountryCode === undefined ? {} : { defaultCountryCode }),
    });
    // The company first (ADR 0025): an unknown one is NOT_FOUND before the source is asked.
    const stored = await this.unitOfWork.run(async ({ companies, leadCursors }) => {
      await requireCompany(companies, request.companyId);
      return leadCursors.get(request.companyId, request.sourceKey);
    });
    const report = { pages: 0, received: 0, created: 0, duplicates: 0, quarantined: 0 };
    const read = (cursor: string | null) => {
      const page = this.readPage(request, cursor, batchSize, map);
      // Settled later (or never, when storing fails first); never an unhandled rejection.
      page.catch(() => undefined);
      return page;
    };
    let next = read(stored?.position ?? null);
    let more = true;
    while (more) {
      const page = await next;
      report.pages += 1;
      more = page.hasMore && (request.maxPages === undefined || report.pages < request.maxPages);
      // Read (and map) the next page while this one is being stored. Its failure surfaces only
      // after this page and its cursor are committed, exactly as if it had been read afterwards.
      if (more) next = read(page.nextCursor);
      const outcome = await this.storePage(request, page);
      report.received += page.received;
      report.created += outcome.created;
      report.duplicates += outcome.duplicates;
      report.quarantined += outcome.quarantined;
    }
    return report;
  }

  /** Fetches one page and maps its leads: candidates to create, leads to quarantine. */
  private async readPage(
    request: IngestRequest,
    cursor: string | null,
    limit: number,
    map: ReturnType<typeof createLeadMapper>,
  ): Promise<PreparedPage> {
    const page = await this.leadSource.fetchLeads({
      companyId: request.companyId,
      sourceKey: request.sourceKey,
      cursor,
      ...(cursor === null && request.since !== undefined ? { since: request.since } : {}),
      limit,
    });
    const now = this.clock.now();
    const valid: Candidate[] = [];
    const invalid: QuarantinedLead[] = [];
    for (const lead of page.leads) {
      const mapped = map(lead);
      if (mapped.ok) valid.push(this.newCandidate(mapped.candidate, now));
      else {
        invalid.push({
          id: this.clock.newId(),
          companyId: request.companyId,
          metaLeadId: lead.id,
          sourceKey: request.sourceKey,
          reasons: mapped.reasons,
          lead,
          quarantinedAt: now,
        });
      }
    }
    return {
      received: page.leads.length,
      nextCursor: page.nextCursor,
      hasMore: page.hasMore,
      now,
      valid,
      invalid,
    };
  }

  private storePage(
    request: IngestRequest,
    page: PreparedPage,
  ): Promise<{ created: number; duplicates: number; quarantined: number }> {
    const { valid, invalid } = page;
    const cursor: LeadCursor = {
      companyId: request.companyId,
      sourceKey: request.sourceKey,
      position: page.nextCursor,
      updatedAt: page.now,
    };
    return this.unitOfWork.run(
      async ({ candidates, transitions, quarantine, outbox, leadCursors }) => {
        const created = valid.length > 0 ? await candidates.addNew(valid) : [];
        if (created.length > 0)
          await transitions.add(created.map((c) => this.appliedTransition(c)));
        if (invalid.length > 0) await quarantine.add(invalid);
        const events = [
          ...created.map((c) => this.appliedEvent(c)),
          ...invalid.map((q) => this.quarantinedEvent(q)),
        ];
        if (events.length > 0) await outbox.append(events);
        await leadCursors.save(cursor);
        return {
          created: created.length,
          duplicates: valid.length - created.length,
          quarantined: invalid.length,
        };
      },
    );
  }

  private newCandidate(fields: LeadCandidateFields, now: Date): Candidate {
    // Property by property, not `{ ...fields }`: once per lead, and a stable shape is cheaper.
    const candidate: Candidate = {
      id: this.clock.newId(),
      companyId: fields.companyId,
      name: fields.name,
      phone: fields.phone,
      source: fields.source,
      stage: 'applied',
      metaLeadId: fields.metaLeadId,
      createdAt: fields.createdAt,
      updatedAt: now,
      version: 1,
    };
    if (fields.vacancyId !== undefined) candidate.vacancyId = fields.vacancyId;
    if (fields.email !== undefined) candidate.email = fields.email;
    if (fields.campaignId !== undefined) candidate.campaignId = fields.campaignId;
    return candidate;
  }

  private appliedTransition(candidate: Candidate): StageTransition {
    return {
      id: this.clock.newId(),
      candidateId: candidate.id,
      companyId: candidate.companyId,
      from: null,
      to: 'applied',
      at: candidate.createdAt,
      actor: LEAD_INGESTION_ACTOR,
    };
  }

  private appliedEvent(candidate: Candidate): DomainEvent {
    return {
      id: this.clock.newId(),
      type: 'candidate.applied',
      aggregateType: 'candidate',
      aggregateId: candidate.id,
      companyId: candidate.companyId,
      occurredAt: candidate.createdAt,
      payload: {
        candidateId: candidate.id,
        source: candidate.source,
        metaLeadId: candidate.metaLeadId ?? null,
        vacancyId: candidate.vacancyId ?? null,
      },
    };
  }

  private quarantinedEvent(entry: QuarantinedLead): DomainEvent {
    return {
      id: this.clock.newId(),
      type: 'lead.quarantined',
      aggregateType: 'lead',
      aggregateId: entry.metaLeadId,
      companyId: entry.companyId,
      occurredAt: entry.quarantinedAt,
      payload: {
        metaLeadId: entry.metaLeadId,
        quarantineId: entry.id,
        sourceKey: entry.sourceKey,
        reasons: entry.reasons.join('; '),
      },
    };
  }
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/**
 * UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, a 12-bit counter that keeps ids made in the
 * same millisecond in order (method 1 of §6.2; on overflow the time moves on by a millisecond,
 * and it never moves back), then 62 random bits. Random bytes are drawn 4 KiB at a time.
 */
function timeOrderedIds(): () => string {
  const random = new Uint8Array(4096);
  let offset = random.length;
  const take = () => {
    if (offset === random.length) {
      globalThis.crypto.getRandomValues(random);
      offset = 0;
    }
    return random[offset++] as number;
  };
  let lastMs = 0;
  let counter = 0;
  return () => {
    const now = Date.now();
    if (now > lastMs) {
      lastMs = now;
      counter = ((take() & 0x07) << 8) | take(); // random start in the lower half
    } else if (counter < 0xfff) {
      counter += 1;
    } else {
      lastMs += 1;
      counter = 0;
    }
    const ms = lastMs.toString(16).padStart(12, '0');
    return `${ms.slice(0, 8)}-${ms.slice(8)}-${HEX[0x70 | (counter >> 8)]}${HEX[counter & 0xff]}-${HEX[0x80 | (take() & 0x3f)]}${HEX[take()]}-${HEX[take()]}${HEX[take()]}${HEX[take()]}${HEX[take()]}${HEX[take()]}${HEX[take()]}`;
  };
}
