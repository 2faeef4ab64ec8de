// Consumer smoke test, ESM + TypeScript (module/moduleResolution NodeNext): a worker-like run
// against the installed tarball. Compiled with tsc and run with node by scripts/consumer-smoke.mjs;
// never run from the repository's sources.
import { type FunnelBuckets, FunnelService, LeadIngestionService } from '@baltra/sdk';
import { aCompany, aRawLead, InMemoryLeadSource, InMemoryUnitOfWork } from '@baltra/sdk/testing';

const uow = new InMemoryUnitOfWork();
const company = aCompany();
await uow.run(async ({ companies }) => {
  await companies.add(company);
});

// A batch of leads arrives; the same lead twice must become one candidate.
const formId = 'form-smoke';
const lead = aRawLead({ formId });
const source = new InMemoryLeadSource([lead, aRawLead({ formId }), lead]);
const report = await new LeadIngestionService(uow, source).ingest(company.id, formId);

const buckets: FunnelBuckets = await uow.run(({ candidates }) =>
  new FunnelService(candidates).buckets(company.id),
);

if (report.created !== 2 || buckets.total !== 2 || buckets.counts.applied !== 2) {
  console.error('unexpected result', { report, buckets });
  process.exit(1);
}
console.log(
  `esm ok (node ${process.version}): ingested ${report.received} leads, ${report.created} created, funnel total ${buckets.total}`,
);
