// Consumer smoke test, CommonJS: `require()` of the ESM-only package (Node >= 20.19 loads ES
// modules synchronously). Runs a worker-like flow against the installed tarball, then requires
// every entry point the package exports. Run by scripts/consumer-smoke.mjs.
'use strict';

const { FunnelService, LeadIngestionService } = require('@baltra/sdk');
const {
  aCompany,
  aRawLead,
  InMemoryLeadSource,
  InMemoryUnitOfWork,
} = require('@baltra/sdk/testing');
const { exports: entryPoints } = require('@baltra/sdk/package.json');

async function main() {
  const uow = new InMemoryUnitOfWork();
  const company = aCompany();
  await uow.run(async ({ companies }) => {
    await companies.add(company);
  });
  const formId = 'form-smoke';
  const source = new InMemoryLeadSource([aRawLead({ formId }), aRawLead({ formId })]);
  const report = await new LeadIngestionService(uow, source).ingest(company.id, formId);
  const buckets = await uow.run(({ candidates }) =>
    new FunnelService(candidates).buckets(company.id),
  );
  if (report.created !== 2 || buckets.total !== 2) {
    throw new Error(`unexpected result: ${JSON.stringify({ report, buckets })}`);
  }

  // Every entry point must load through require(esm); none may need its optional peer to load.
  const loaded = [];
  for (const subpath of Object.keys(entryPoints)) {
    if (subpath === './package.json') continue;
    const specifier = subpath === '.' ? '@baltra/sdk' : `@baltra/sdk/${subpath.slice(2)}`;
    const module = require(specifier);
    if (Object.keys(module).length === 0) throw new Error(`${specifier} exports nothing`);
    loaded.push(specifier);
  }
  console.log(
    `cjs ok (node ${process.version}): ${report.created} created, funnel total ${buckets.total}; required ${loaded.length} entry points`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
