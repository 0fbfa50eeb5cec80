// `gomirror get` on a kernel-shaped link (tests/e2e/support/shaped.mjs: lo shaped with htb in
// a private network namespace): a 10 Mbit/s downlink in front of 14 and 8 Mbit/s mirrors,
// where the link is the bottleneck and `get` must still complete (get.spec.mjs has the link
// wider than the mirrors). The reference is curl of the same file from the fastest mirror alone,
// in the same run; the figures are printed, and bench/cli-get.mjs holds the targets.
//
//   unshare -n npx playwright test -c tests/cli/cli-shaped.config.mjs bottleneck
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { BIN } from '../support/bin.mjs';
import { shapedRig } from '../support/get-servers.mjs';
import { randomBytes, sha256 } from '../../e2e/support/fixtures.mjs';
import { inNamespace, NOT_IN_NAMESPACE } from '../../e2e/support/shaped.mjs';

// About 65 MB, as a Go archive is.
const BYTES = randomBytes(65_000_000, 4242);

test.beforeEach(() => test.skip(!inNamespace(), NOT_IN_NAMESPACE));

test('10 Mbit/s link in front of mirrors at 14 and 8 Mbit/s: get still completes', async () => {
  const rig = await shapedRig({ downlinkMbit: 10, mirrorsMbit: { fast: 14, mid: 8 }, bytes: BYTES });
  try {
    const curl = await rig.curl('fast');
    const got = await rig.get(BIN);
    console.log(`get ${got.seconds.toFixed(1)} s, curl from the fastest ${curl.seconds.toFixed(1)} s: ${(got.seconds / curl.seconds).toFixed(2)}× curl's time; pieces served ${JSON.stringify(got.served)}`);
    expect(got.code, got.stderr).toBe(0);
    expect(sha256(readFileSync(got.out))).toBe(sha256(BYTES));
  } finally {
    await rig.stop();
  }
});
