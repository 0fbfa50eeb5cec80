// The command line on a kernel-shaped network (shaped/*.spec.mjs): loopback shaped with htb in
// a private network namespace, where the servers, curl and the binary all run.
//
//   unshare -n npx playwright test -c tests/cli/cli-shaped.config.mjs
import { defineConfig } from '@playwright/test';
import main from './cli.config.mjs';

export default defineConfig({
  ...main,
  testDir: './shaped',
  testMatch: '*.spec.mjs',
  testIgnore: undefined,
  timeout: 300_000,
  outputDir: '../../test-results/cli-shaped',
});
