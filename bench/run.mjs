// `npm run bench`: every benchmark of the package, each printed as ratios against a baseline
// measured in the same run.
import { printImportTime, runImportTime } from './import-time.mjs';

const entries = [
  '@baltra/sdk',
  '@baltra/sdk/container',
  '@baltra/sdk/postgres',
  '@baltra/sdk/testing',
  '@baltra/sdk/legacy',
];
printImportTime(runImportTime(entries));
