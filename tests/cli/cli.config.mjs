// The command line's suite: the built `gomirror` binary (tests/cli/support/bin.mjs) run against
// real servers on 127.0.0.1 (nginx as Debian ships it, and the fault servers of
// tests/e2e/support), with Playwright's runner and no browser. The shaped-network specs
// (shaped/) need a network namespace and have their own config, cli-shaped.config.mjs.
//
//   npx playwright test -c tests/cli/cli.config.mjs
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.mjs',
  testIgnore: 'shaped/**',
  // Measurements share two cores: one test at a time keeps timings honest.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 180_000,
  reporter: [['list']],
  outputDir: '../../test-results/cli',
});
