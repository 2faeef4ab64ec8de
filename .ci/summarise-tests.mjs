// Prints vitest's totals as the plain closing line CI reads: "N passed, N failed, N skipped".
import { readFileSync } from 'node:fs';

const results = JSON.parse(readFileSync(process.argv[2] ?? '.tmp/vitest-results.json', 'utf8'));
const skipped = results.numPendingTests + results.numTodoTests;
console.log(
  `tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped`,
);
if (results.numTotalTests === 0 || results.numFailedTests > 0) process.exit(1);
