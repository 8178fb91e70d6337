import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.{ts,tsx}', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/support/vitest-global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // One test file per core, not vitest's cores − 1 (a single worker on two cores): many files
    // mostly wait on servers, child processes and sockets, so two share two cores well.
    maxWorkers: availableParallelism(),
  },
})
