// `gomirror get` on a kernel-shaped link (tests/e2e/support/shaped.mjs: lo shaped with htb in
// a private network namespace): mirrors capped at 14, 8 and 3 Mbit/s behind a 40 Mbit/s
// downlink, where fetching from all three at once beats the fastest alone. (The link as the
// bottleneck is bottleneck.spec.mjs: a file of its own, so that scripts/test.sh runs it in a
// namespace of its own beside this one.) The reference is curl of the same file from the fastest mirror alone,
// in the same run; the figures are printed, and bench/cli-get.mjs holds the targets.
//
//   unshare -n npx playwright test -c tests/cli/cli-shaped.config.mjs get
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { BIN } from '../support/bin.mjs';
import { shapedRig } from '../support/get-servers.mjs';
import { randomBytes, sha256 } from '../../e2e/support/fixtures.mjs';
import { inNamespace, NOT_IN_NAMESPACE } from '../../e2e/support/shaped.mjs';

// About 65 MB, as a Go archive is.
const BYTES = randomBytes(65_000_000, 4242);

test.beforeEach(() => test.skip(!inNamespace(), NOT_IN_NAMESPACE));

test('40 Mbit/s link, mirrors at 14, 8 and 3 Mbit/s: bytes from each, sooner than curl from the fastest alone', async () => {
  const rig = await shapedRig({ downlinkMbit: 40, mirrorsMbit: { fast: 14, mid: 8, slow: 3 }, bytes: BYTES });
  try {
    const curl = await rig.curl('fast');
    expect(curl.bytes).toBe(BYTES.length);
    const got = await rig.get(BIN);
    console.log(`get ${got.seconds.toFixed(1)} s, curl from the fastest ${curl.seconds.toFixed(1)} s: ${(curl.seconds / got.seconds).toFixed(2)}× sooner; pieces served ${JSON.stringify(got.served)}`);
    expect(got.code, got.stderr).toBe(0);
    expect(sha256(readFileSync(got.out))).toBe(sha256(BYTES));
    for (const id of rig.ids) expect(got.served[id], `${id}: ${JSON.stringify(got.served)}`).toBeGreaterThan(0);
    expect(got.seconds).toBeLessThan(curl.seconds);
  } finally {
    await rig.stop();
  }
});
