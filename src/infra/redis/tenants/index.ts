// The tenant directory of `@baltra/sdk/redis`, with the declarations of `@baltra/sdk` its
// signatures name (so the entry is complete on its own, issue #17).
export type {
  TenantDirectory,
  TenantDirectoryAdmin,
  TenantLimits,
  TenantRecord,
  TenantStatus,
} from '../../../domain/index.js';
export type { RedisTenantDirectoryOptions } from './redis-tenant-directory.js';
export { RedisTenantDirectory } from './redis-tenant-directory.js';
