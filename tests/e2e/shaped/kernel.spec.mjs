// The page's throughput figures against what the mirror really gives: nginx mirrors shaped by
// the kernel (a shared 16 Mbit/s downlink, a ceiling per mirror) compared with curl's speed of
// each alone, measured before the page opens, and the bytes the page's run moved through each
// mirror's htb class.
import { test, expect, at, catalog, expectNear, fileAt, FILES, RELEASES, settledRows } from './common.mjs';
import { startNginx } from '../support/nginx.mjs';
import { classStats, referenceRate, shape } from '../support/shaped.mjs';

test('kernel-shaped mirrors: each figure is within 15 % of curl alone; the official one is not preferred when far slower', async ({ page, openSite, track }) => {
  const ceilings = { fast: 14, official: 8, slow: 3 }; // Mbit/s
  const nginx = track(await startNginx(Object.keys(ceilings).map((name) => ({ name, cors: true, files: FILES }))));
  const { classOf } = shape({
    downlinkMbit: 16,
    mirrors: Object.entries(ceilings).map(([name, ceilMbit]) => ({ port: nginx.ports[name], ceilMbit })),
  });
  const reference = {};
  for (const id of Object.keys(ceilings)) {
    reference[id] = await referenceRate(fileAt(nginx.ports[id]));
    console.log(`${id}: ceiling ${ceilings[id]} Mbit/s, curl alone ${Math.round(reference[id])} B/s`);
  }

  const before = classStats();
  const started = Date.now();
  await openSite({
    releases: RELEASES,
    catalog: catalog([
      ['fast', at(nginx.ports.fast)],
      ['official', at(nginx.ports.official), { official: true }],
      ['slow', at(nginx.ports.slow)],
    ]),
  });
  const { got } = await settledRows(page, started);
  const after = classStats();
  for (const id of Object.keys(ceilings)) {
    const cls = classOf[nginx.ports[id]];
    const sent = after[cls].bytes - (before[cls]?.bytes ?? 0);
    console.log(`${id}: the page's run moved ${(sent / 2 ** 20).toFixed(2)} MiB through htb class ${cls}`);
  }
  for (const id of Object.keys(ceilings)) {
    expect(got[id].status, id).toBe('ok');
    expectNear(id, got[id].bps, reference[id]);
  }
  // The official mirror is more than 20 % slower than the fastest: the fastest is recommended.
  await expect(page.locator('#recommended a')).toHaveAttribute('data-mirror-id', 'fast');
});
