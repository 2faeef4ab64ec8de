// Runs one lead-ingestion contender in a fresh process so its peak RSS is its own.
// Usage: tsx bench/lead-ingestion-child.ts <sdk|single-row> <databaseUrl> <leads> <batchSize>
import { randomUUID } from 'node:crypto';
import { LeadIngestionService } from '@baltra/sdk';
import { KyselyUnitOfWork, migrateToLatest, openPostgres } from '@baltra/sdk/postgres';
import pg from 'pg';
import { SyntheticLeadSource } from './support/synthetic-lead-source.js';
import { uuidV7 } from './support/uuid-v7.js';

const [mode, url, leadsArg, batchArg] = process.argv.slice(2);
if (!url || (mode !== 'sdk' && mode !== 'single-row'))
  throw new Error('usage: <sdk|single-row> <url> <leads> <batch>');
const total = Number(leadsArg);
const batchSize = Number(batchArg);

const db = openPostgres({ connectionString: url, poolSize: 2 });
await migrateToLatest(db);
const pool = new pg.Pool({ connectionString: url, max: 1 });
const { rows } = await pool.query<{ id: string }>(
  `INSERT INTO companies (id, name, tier) VALUES (gen_random_uuid(), 'Ingestion bench', 'enterprise') RETURNING id`,
);
const companyId = rows[0]?.id ?? '';
const source = new SyntheticLeadSource(total, `${mode}-${randomUUID().slice(0, 8)}`);

const started = process.hrtime.bigint();
let created = 0;
if (mode === 'sdk') {
  const report = await new LeadIngestionService(new KyselyUnitOfWork(db), source, {
    batchSize,
  }).ingest(companyId, 'form-1');
  created = report.created;
} else {
  // The same work with one row per statement: candidate, transition and event per lead, with
  // the same kind of ids (UUIDv7) as the service.
  let cursor: string | null = null;
  let hasMore = true;
  do {
    const page = await source.fetchLeads({
      companyId,
      sourceKey: 'form-1',
      cursor,
      limit: batchSize,
    });
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      for (const lead of page.leads) {
        const phone = lead.fieldData.find((f) => f.name === 'phone_number')?.values[0];
        if (!phone) continue;
        const id = uuidV7();
        const inserted = await client.query(
          `INSERT INTO candidates (id, company_id, name, phone, email, source, stage, meta_lead_id, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, 'meta_lead_ad', 'applied', $6, $7, $7)
           ON CONFLICT (company_id, meta_lead_id) DO NOTHING RETURNING id`,
          [
            id,
            companyId,
            'Lead',
            `+52${phone.replace(/\D/g, '')}`,
            null,
            lead.id,
            lead.createdTime,
          ],
        );
        if (inserted.rowCount === 0) continue;
        created += 1;
        await client.query(
          `INSERT INTO stage_transitions (id, candidate_id, company_id, from_stage, to_stage, at, actor)
           VALUES ($1, $2, $3, NULL, 'applied', now(), 'bench')`,
          [uuidV7(), id, companyId],
        );
        await client.query(
          `INSERT INTO outbox (id, type, aggregate_type, aggregate_id, company_id, occurred_at, payload)
           VALUES ($1, 'candidate.applied', 'candidate', $2, $3, now(), $4)`,
          [uuidV7(), id, companyId, JSON.stringify({ candidateId: id })],
        );
      }
      await client.query(
        `INSERT INTO lead_cursors (company_id, source_key, position, updated_at) VALUES ($1, 'form-1', $2, now())
         ON CONFLICT (company_id, source_key) DO UPDATE SET position = excluded.position, updated_at = now()`,
        [companyId, page.nextCursor],
      );
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    cursor = page.nextCursor;
    hasMore = page.hasMore;
  } while (hasMore);
}
const ms = Number(process.hrtime.bigint() - started) / 1e6;
await db.destroy();
await pool.end();
const maxRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(
  `${JSON.stringify({ mode, leads: total, created, ms, leadsPerSecond: (total / ms) * 1000, maxRssMb })}\n`,
);
