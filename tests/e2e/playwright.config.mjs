// End-to-end tests: Playwright driving Debian's Chromium against the built site (dist/), which
// each test serves itself on 127.0.0.1 (support/site.mjs). Browser downloads are impossible
// here, hence the executable path; the flags keep Chromium off the (closed) network.
//
// The browser is Debian's chromium-headless-shell: the same Chromium (Blink, V8, the network
// stack) built as the headless shell, which Playwright itself runs headless tests on. It took
// half the CPU of the full browser in headless mode for the same tests (49 against 94 CPU
// seconds for verify.spec and share.spec), and the suite is CPU-bound on two cores.
// GOMIRROR_CHROMIUM=/usr/bin/chromium runs the suite on the full browser instead.
//
//   npm run test:e2e                       # after scripts/build.sh and npm ci
//   npx playwright test -c tests/e2e/playwright.config.mjs -g 'side file'
//
// The shaped-network specs (shaped/) need a network namespace of their own and have their own
// config, shaped.config.mjs.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.mjs',
  testIgnore: 'shaped/**',
  // Hashing is CPU-bound, the page hashes in workers of its own, and the machines have two
  // cores: one test at a time keeps timings sane.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  // Hashing 1 GiB takes 5–10 s here, far more on a noisy machine.
  timeout: 120_000,
  expect: { timeout: 30_000 },
  reporter: [['list']],
  // A folder of its own: scripts/test.sh runs the other suites beside this one, and Playwright
  // empties a suite's folder when it starts.
  outputDir: '../../test-results/e2e',
  use: {
    headless: true,
    locale: 'en-US',
    actionTimeout: 30_000,
    navigationTimeout: 30_000,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.GOMIRROR_CHROMIUM || '/usr/bin/chromium-headless-shell',
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run',
      ],
    },
  },
});
