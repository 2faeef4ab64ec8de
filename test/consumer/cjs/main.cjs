// Consumer smoke test, CommonJS: `require()` of the ESM-only package (Node >= 20.19 loads ES
// modules synchronously). Runs a worker against the installed tarball, then requires every
// entry point the package exports. Run by scripts/consumer-smoke.mjs.
'use strict';

const { createDomainAction, FunnelService, FunnelStageSchema } = require('@baltra/sdk');
const {
  aCandidate,
  aCompany,
  InMemoryMessageQueue,
  InMemoryUnitOfWork,
} = require('@baltra/sdk/testing');
const { defineActionHandler, Worker } = require('@baltra/sdk/worker');
const { z } = require('zod');
const { exports: entryPoints } = require('@baltra/sdk/package.json');

async function main() {
  const uow = new InMemoryUnitOfWork();
  const company = aCompany();
  const candidate = aCandidate({ companyId: company.id });
  await uow.run(async ({ companies, candidates }) => {
    await companies.add(company);
    await candidates.add(candidate);
  });
  const queue = new InMemoryMessageQueue({ queues: { funnel: {}, 'funnel-dlq': {} } });
  const moveCandidate = defineActionHandler({
    type: 'funnel.move_candidate',
    schema: z.object({ candidateId: z.uuid(), to: FunnelStageSchema }),
    handle: (data, { repositories, action }) =>
      new FunnelService(repositories).moveCandidate({ ...data, requestId: action.action_id }),
  });
  const move = createDomainAction({
    type: 'funnel.move_candidate',
    tenantId: 'acme',
    data: { candidateId: candidate.id, to: 'screening' },
  });
  await queue.send('funnel', [{ body: JSON.stringify(move) }, { body: '{"data": 1}' }]);
  const worker = new Worker({
    queue,
    queues: ['funnel'],
    handlers: [moveCandidate],
    unitOfWork: uow,
    waitTimeSeconds: 1,
  }).start();
  const deadline = Date.now() + 10_000;
  while (worker.stats().succeeded + worker.stats().deadLettered < 2 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await worker.stop();
  queue.close();
  const buckets = await uow.run(({ candidates }) =>
    new FunnelService(candidates).buckets(company.id),
  );
  if (buckets.counts.screening !== 1 || worker.stats().deadLettered !== 1) {
    throw new Error(`unexpected result: ${JSON.stringify({ buckets, stats: worker.stats() })}`);
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
    `cjs ok (node ${process.version}): worker moved 1 candidate, dead-lettered 1; required ${loaded.length} entry points`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
