// `gomirror rank` on a kernel-shaped network: three plain nginx mirrors (sendfile on, as Debian
// ships it) behind one 16 Mbit/s downlink, the kernel capping them at 14, 8 and 3 Mbit/s (htb on
// loopback, tests/e2e/support/shaped.mjs). Each figure of the command is compared with curl's
// speed of that mirror alone, measured before, and with the page's own figure for the same rig
// (Debian's Chromium against the built site, dist/, as tests/e2e/shaped/throughput.spec.mjs
// does): the page and the command must agree, since they share the meter and the budgets.
//
//   cargo build --release --features cli && bash scripts/build.sh
//   unshare -n npx playwright test -c tests/cli/cli-shaped.config.mjs
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import e2e from '../../e2e/playwright.config.mjs';
import {
  test, expect, expectNear, kernelRig, CEILINGS, RELEASES, settledRows,
} from '../../e2e/shaped/common.mjs';
import { gomirror, tempDir } from '../support/bin.mjs';

// Chromium as the page's suites launch it (Debian's, off the network). The page looks for the
// site's command-line binaries (cli/SHA256SUMS), which a test site does not have: Chromium's
// line for that 404 is expected.
test.use({ ...e2e.use, trace: 'off', allowedConsole: [/\/cli\/SHA256SUMS/] });

/** The release the shaped suite's file belongs to (common.mjs's FILE). */
const VERSION = 'go1.99.1';

test('kernel-shaped mirrors: each figure within 10 % of curl alone and of the page\'s, the fastest recommended', async ({ page, openSite, track }) => {
  const { reference, catalog: catalogText } = await kernelRig(track);
  const { dir, remove } = tempDir('gomirror-shaped-');
  try {
    writeFileSync(join(dir, 'catalog.json'), catalogText);
    writeFileSync(join(dir, 'list.json'), RELEASES);
    const started = Date.now();
    const r = await gomirror(['rank', VERSION, '--os', 'linux', '--arch', 'amd64', '--json',
      '--catalog', join(dir, 'catalog.json'), '--list', join(dir, 'list.json')]);
    console.log(`gomirror rank: exit ${r.code} in ${Date.now() - started} ms`);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    const cli = Object.fromEntries(report.mirrors.map((m) => [m.id, m]));
    for (const id of Object.keys(CEILINGS)) {
      expect(cli[id].status, id).toBe('ok');
      expectNear(`gomirror ${id}`, cli[id].throughput_bps, reference[id], { tolerance: 0.10, what: 'curl alone' });
    }
    // The official mirror is more than 20 % slower than the fastest: the fastest is recommended.
    expect(report.recommendation.mirror_id).toBe('fast');

    // The page, on the same rig: the same figures within 10 %.
    const opened = Date.now();
    await openSite({ releases: RELEASES, catalog: catalogText });
    const { got } = await settledRows(page, opened);
    for (const id of Object.keys(CEILINGS)) {
      expect(got[id].status, id).toBe('ok');
      expectNear(`page ${id}`, got[id].bps, cli[id].throughput_bps, { tolerance: 0.10, what: 'gomirror rank' });
    }
    await expect(page.locator('#recommended a')).toHaveAttribute('data-mirror-id', report.recommendation.mirror_id);
  } finally {
    remove();
  }
});
