/**
 * The dependency rule of docs/adr/0001 (DESIGN §2), enforced on every build:
 *   legacy ─▶ everything · infra ─▶ domain, shared, SDKs · shared ─▶ shared, small libraries
 *   domain ─▶ domain, zod
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'src/domain imports only itself and zod: no node built-ins, SDKs, shared or infra.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { pathNot: ['^src/domain/', '^node_modules/zod/'] },
    },
    {
      name: 'shared-stays-below-infra',
      comment: 'src/shared never imports domain, infra or legacy.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/(domain|infra|legacy)/' },
    },
    {
      name: 'shared-uses-small-libraries-only',
      comment:
        'src/shared may use node built-ins and the small libraries listed here, never drivers or cloud SDKs.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: {
        dependencyTypes: [
          'npm',
          'npm-dev',
          'npm-optional',
          'npm-peer',
          'npm-no-pkg',
          'npm-unknown',
        ],
        pathNot: ['^node_modules/(zod|winston|logform|cockatiel|jose)/'],
      },
    },
    {
      name: 'infra-never-imports-legacy',
      severity: 'error',
      from: { path: '^src/(domain|shared|infra)/' },
      to: { path: '^src/legacy/' },
    },
    {
      name: 'root-entry-loads-no-adapter',
      comment: 'the root entry (domain + shared) must not reach infra, drivers or cloud SDKs.',
      severity: 'error',
      from: { path: '^src/index\\.ts$' },
      to: {
        reachable: true,
        path: [
          '^src/infra/',
          '^node_modules/(pg|pg-[^/]+|@electric-sql|@aws-sdk|facebook-nodejs-business-sdk|kysely|inversify)/',
        ],
      },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-dev-dependencies-in-src',
      comment: 'shipped code must not import devDependencies (peers are declared as peers).',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['npm-peer', 'type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.build.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    exclude: { path: '\\.test\\.ts$' },
  },
};
