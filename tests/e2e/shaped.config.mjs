// The shaped-network suite (shaped/*.spec.mjs): the page measuring mirrors whose speed the
// kernel (htb on loopback) or nginx's limit_rate sets, and mirrors that stall or start late.
// It changes loopback's qdisc, so it runs as root in a private network namespace, where the
// servers, curl, the runner and Chromium all live; outside one, its specs skip.
//
//   npm run test:shaped        # = unshare -n playwright test -c tests/e2e/shaped.config.mjs
//
// Launch options and the rest are the main config's; one worker, since every test shares lo.
import { defineConfig } from '@playwright/test';
import main from './playwright.config.mjs';

export default defineConfig({
  ...main,
  testDir: './shaped',
  testMatch: '*.spec.mjs',
  testIgnore: undefined,
  workers: 1,
  fullyParallel: false,
  // Each test measures its mirrors with curl (3 runs of 4 s each) before opening the page.
  timeout: 180_000,
  // Not the main suite's folder: scripts/test.sh runs both at once.
  outputDir: '../../test-results/shaped',
});
