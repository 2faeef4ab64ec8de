/** Where the app keeps its data. */
export type DatabaseOption =
  | { readonly kind: 'memory' }
  | {
      readonly kind: 'pglite';
      readonly dataDir?: string;
      /**
       * In memory, start from the pre-migrated snapshot built with the package (or the one in
       * this directory) when it matches this build's migrations; default `true` unless
       * `migrate: false`. See `openPglite`.
       */
      readonly snapshot?: boolean | string;
      /** `shared_buffers` in MiB; default 32 in memory (see `openPglite`), PGlite's with `dataDir`. */
      readonly sharedBuffersMb?: number;
    }
  | { readonly kind: 'postgres'; readonly connectionString: string; readonly poolSize?: number };
