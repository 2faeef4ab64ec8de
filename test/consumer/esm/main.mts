// Consumer smoke test, ESM + TypeScript (module/moduleResolution NodeNext): a worker run
// against the installed tarball. Compiled with tsc and run with node by
// scripts/consumer-smoke.mjs; never run from the repository's sources.
import { createDomainAction, FunnelService, FunnelStageSchema } from '@baltra/sdk';
import {
  aCandidate,
  aCompany,
  InMemoryMessageQueue,
  InMemoryUnitOfWork,
} from '@baltra/sdk/testing';
import { defineActionHandler, readDeadLetterRecord, Worker } from '@baltra/sdk/worker';
import { z } from 'zod';

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
// The same action twice (a redelivery) and one malformed message.
await queue.send('funnel', [
  { body: JSON.stringify(move) },
  { body: JSON.stringify(move) },
  { body: '{oops' },
]);

const worker = new Worker({
  queue,
  queues: ['funnel'],
  handlers: [moveCandidate],
  unitOfWork: uow,
  waitTimeSeconds: 1,
}).start();
const deadline = Date.now() + 10_000;
while (worker.stats().succeeded + worker.stats().deadLettered < 3 && Date.now() < deadline) {
  await new Promise((resolve) => setTimeout(resolve, 10));
}
await worker.stop();
queue.close();

const buckets = await uow.run(({ candidates }) =>
  new FunnelService(candidates).buckets(company.id),
);
const stats = worker.stats();
const [dead] = queue.drain('funnel-dlq');
if (
  buckets.counts.screening !== 1 ||
  stats.succeeded !== 2 ||
  stats.replayed !== 1 ||
  dead === undefined ||
  readDeadLetterRecord(dead)?.reason !== 'invalid_json'
) {
  console.error('unexpected result', { buckets, stats, dead });
  process.exit(1);
}
console.log(
  `esm ok (node ${process.version}): worker applied ${stats.succeeded - stats.replayed} move, replayed ${stats.replayed}, dead-lettered ${stats.deadLettered} (invalid_json)`,
);
