// Runs one lead-ingestion contender in a fresh process so its peak RSS is its own.
// Usage (bench/lead-ingestion.ts bundles it to .tmp/bench/ and runs it with node): tsx bench/lead-ingestion-child.ts <single-row|unnest|copy|raw-copy> <databaseUrl> <leads> <batchSize>
//   single-row  one INSERT per row (candidate, transition, event), a transaction per page: the floor
//   unnest      LeadIngestionService, batches as INSERT … SELECT FROM unnest (bulkInsert: 'unnest')
//   copy        LeadIngestionService, candidates through COPY and one merge (bulkInsert: 'copy')
//   raw-copy    the same candidate rows in ONE COPY into an unlogged table without indexes: the limit
//   copy-all    what-if, hand-written with pg: a page's candidates through COPY and the merge, their
//               transitions and events COPYed straight into their tables, no savepoints
import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import { LeadIngestionService } from '@baltra/sdk';
import { KyselyUnitOfWork, migrateToLatest, openPostgres } from '@baltra/sdk/postgres';
import pg from 'pg';
import { SyntheticLeadSource } from './support/synthetic-lead-source.js';
import { uuidV7 } from './support/uuid-v7.js';

// pg-copy-streams ships no types; this is the one function used.
const { from: copyFrom } = (await import('pg-copy-streams' as string)) as {
  from(text: string): Writable;
};

const MODES = ['single-row', 'unnest', 'copy', 'raw-copy', 'copy-all'] as const;
type Mode = (typeof MODES)[number];
const [modeArg, url, leadsArg, batchArg] = process.argv.slice(2);
if (!url || !MODES.includes(modeArg as Mode)) {
  throw new Error(`usage: <${MODES.join('|')}> <url> <leads> <batch>`);
}
const mode = modeArg as Mode;
const total = Number(leadsArg);
const batchSize = Number(batchArg);

const db = openPostgres({
  connectionString: url,
  poolSize: 2,
  bulkInsert: mode === 'copy' ? 'copy' : 'unnest',
});
await migrateToLatest(db);
const pool = new pg.Pool({ connectionString: url, max: 1 });
const { rows } = await pool.query<{ id: string }>(
  `INSERT INTO companies (id, name, tier) VALUES (gen_random_uuid(), 'Ingestion bench', 'enterprise') RETURNING id`,
);
const companyId = rows[0]?.id ?? '';
const source = new SyntheticLeadSource(total, `${mode}-${randomUUID().slice(0, 8)}`);
const phoneOf = (lead: { fieldData: readonly { name: string; values: readonly string[] }[] }) =>
  lead.fieldData.find((f) => f.name === 'phone_number')?.values[0];

async function singleRow(): Promise<number> {
  // The same work with one row per statement: candidate, transition and event per lead, with
  // the same kind of ids (UUIDv7) as the service.
  let created = 0;
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
        const phone = phoneOf(lead);
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
  return created;
}

async function rawCopy(): Promise<number> {
  // Every candidate row in one COPY, page by page from the source, into an unlogged table with
  // no index, key or constraint: what the wire and the server take at best for these rows.
  const table = `bench_raw_${randomUUID().slice(0, 8)}`;
  const client = await pool.connect();
  let copied = 0;
  try {
    await client.query(
      `CREATE UNLOGGED TABLE ${table} (id uuid, company_id uuid, vacancy_id uuid, name text, phone text,
       email text, source text, stage text, meta_lead_id text, campaign_id text,
       created_at timestamptz, updated_at timestamptz, version integer)`,
    );
    const stream = client.query(copyFrom(`COPY ${table} FROM STDIN`) as never) as Writable;
    const done = new Promise<void>((resolve, reject) => {
      stream.once('finish', resolve);
      stream.once('error', reject);
    });
    let cursor: string | null = null;
    let hasMore = true;
    const now = new Date().toISOString();
    do {
      const page = await source.fetchLeads({
        companyId,
        sourceKey: 'form-1',
        cursor,
        limit: batchSize,
      });
      let text = '';
      for (const lead of page.leads) {
        const phone = phoneOf(lead);
        if (!phone) continue;
        const email = lead.fieldData.find((f) => f.name === 'email')?.values[0] ?? '\\N';
        text += `${uuidV7()}\t${companyId}\t\\N\tLead\t+52${phone.replace(/\D/g, '')}\t${email}\tmeta_lead_ad\tapplied\t${lead.id}\t\\N\t${lead.createdTime.toISOString()}\t${now}\t1\n`;
        copied += 1;
      }
      if (!stream.write(text)) await new Promise((resolve) => stream.once('drain', resolve));
      cursor = page.nextCursor;
      hasMore = page.hasMore;
    } while (hasMore);
    stream.end();
    await done;
    await client.query(`DROP TABLE ${table}`);
  } finally {
    client.release();
  }
  return copied;
}

async function copyIn(client: pg.PoolClient, text: string, rows: string): Promise<void> {
  const stream = client.query(copyFrom(text) as never) as Writable;
  await new Promise<void>((resolve, reject) => {
    stream.once('finish', resolve);
    stream.once('error', reject);
    stream.end(rows);
  });
}

async function copyAll(): Promise<number> {
  // The shape a COPY-only adapter could reach: one transaction per page (as the service), the
  // candidates merged from a staging table, transitions and outbox events COPYed directly.
  let created = 0;
  let cursor: string | null = null;
  let hasMore = true;
  const client = await pool.connect();
  try {
    do {
      const page = await source.fetchLeads({
        companyId,
        sourceKey: 'form-1',
        cursor,
        limit: batchSize,
      });
      const now = new Date().toISOString();
      let candidates = '';
      const seen = new Set<string>();
      for (const lead of page.leads) {
        const phone = phoneOf(lead);
        if (!phone || seen.has(lead.id)) continue;
        seen.add(lead.id);
        const email = lead.fieldData.find((f) => f.name === 'email')?.values[0] ?? '\\N';
        candidates += `${uuidV7()}\t${companyId}\t\\N\tLead\t+52${phone.replace(/\D/g, '')}\t${email}\tmeta_lead_ad\tapplied\t${lead.id}\t\\N\t${lead.createdTime.toISOString()}\t${now}\t1\n`;
      }
      await client.query('BEGIN');
      await client.query(
        `CREATE TEMP TABLE IF NOT EXISTS staging (LIKE candidates) ON COMMIT DELETE ROWS`,
      );
      await copyIn(
        client,
        'COPY staging (id, company_id, vacancy_id, name, phone, email, source, stage, meta_lead_id, campaign_id, created_at, updated_at, version) FROM STDIN',
        candidates,
      );
      const merged = await client.query<{ id: string }>(
        `WITH staged AS (DELETE FROM staging RETURNING *) INSERT INTO candidates (id, company_id, vacancy_id, name, phone, email, source, stage, meta_lead_id, campaign_id, created_at, updated_at, version) SELECT id, company_id, vacancy_id, name, phone, email, source, stage, meta_lead_id, campaign_id, created_at, updated_at, version FROM staged
         ON CONFLICT (company_id, meta_lead_id) DO NOTHING RETURNING id`,
      );
      if (merged.rows.length > 0) {
        let transitions = '';
        let events = '';
        for (const { id } of merged.rows) {
          transitions += `${uuidV7()}\t${id}\t${companyId}\t\\N\tapplied\t${now}\tlead-ingestion\n`;
          events += `${uuidV7()}\tcandidate.applied\tcandidate\t${id}\t${companyId}\t${now}\t{"candidateId":"${id}"}\n`;
        }
        await copyIn(
          client,
          'COPY stage_transitions (id, candidate_id, company_id, from_stage, to_stage, at, actor) FROM STDIN',
          transitions,
        );
        await copyIn(
          client,
          'COPY outbox (id, type, aggregate_type, aggregate_id, company_id, occurred_at, payload) FROM STDIN',
          events,
        );
        created += merged.rows.length;
      }
      await client.query(
        `INSERT INTO lead_cursors (company_id, source_key, position, updated_at) VALUES ($1, 'form-1', $2, now())
         ON CONFLICT (company_id, source_key) DO UPDATE SET position = excluded.position, updated_at = now()`,
        [companyId, page.nextCursor],
      );
      await client.query('COMMIT');
      cursor = page.nextCursor;
      hasMore = page.hasMore;
    } while (hasMore);
  } finally {
    client.release();
  }
  return created;
}

const started = process.hrtime.bigint();
let created: number;
if (mode === 'single-row') created = await singleRow();
else if (mode === 'raw-copy') created = await rawCopy();
else if (mode === 'copy-all') created = await copyAll();
else {
  const report = await new LeadIngestionService(new KyselyUnitOfWork(db), source, {
    batchSize,
  }).ingest(companyId, 'form-1');
  created = report.created;
}
const ms = Number(process.hrtime.bigint() - started) / 1e6;
await db.destroy();
await pool.end();
const maxRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(
  `${JSON.stringify({ mode, leads: total, created, ms, leadsPerSecond: (total / ms) * 1000, maxRssMb })}\n`,
);
