// The page's throughput figures against what the mirror really gives: nginx mirrors shaped by
// the kernel (a shared 16 Mbit/s downlink, a ceiling per mirror) compared with curl's speed of
// each alone, measured before the page opens; nginx's own limit_rate, paced by the second
// (sendfile on, Debian's default) or smoothly (sendfile off), compared with its configured
// rate; and a mirror that redirects to a slower host, which is as fast as that host.
import { test, expect, at, catalog, expectNear, fileAt, FILES, RELEASES, settledRows } from './common.mjs';
import { startNginx } from '../support/nginx.mjs';
import { classStats, referenceRate, shape } from '../support/shaped.mjs';

/** nginx's limit_rate units: bytes per second. */
const RATE = { '512k': 512 << 10, '1m': 1 << 20, '4m': 4 << 20 };

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

for (const [title, mirrors] of [
  ['nginx limit_rate paced by the second (sendfile on): 1m and 512k', [
    { name: 'm1', rate: '1m' },
    { name: 'k512', rate: '512k' },
  ]],
  ['nginx limit_rate paced smoothly (sendfile off) at 1m, and by the second at 4m', [
    { name: 'smooth', rate: '1m', sendfile: false },
    { name: 'm4', rate: '4m' },
  ]],
]) {
  test(`${title}: each figure is within 15 % of the configured rate`, async ({ page, openSite, track }) => {
    const nginx = track(await startNginx(mirrors.map((m) => ({ ...m, cors: true, files: FILES }))));
    const started = Date.now();
    await openSite({ releases: RELEASES, catalog: catalog(mirrors.map(({ name }) => [name, at(nginx.ports[name])])) });
    const { got } = await settledRows(page, started);
    for (const { name, rate } of mirrors) {
      expect(got[name].status, name).toBe('ok');
      expectNear(name, got[name].bps, RATE[rate], { what: `limit_rate ${rate}` });
    }
  });
}

test('a mirror that redirects to a slower host is measured at that host\'s speed', async ({ page, openSite, track }) => {
  const target = track(await startNginx([
    { name: 'target', cors: true, files: FILES },
    { name: 'direct', cors: true, files: FILES },
  ]));
  const redirect = track(await startNginx([
    { name: 'redirect', cors: true, redirectTo: `http://127.0.0.1:${target.ports.target}/golang/` },
  ]));
  shape({
    downlinkMbit: 16,
    mirrors: [{ port: target.ports.target, ceilMbit: 4 }, { port: target.ports.direct, ceilMbit: 12 }],
  });
  const reference = {
    redirect: await referenceRate(fileAt(target.ports.target)),
    direct: await referenceRate(fileAt(target.ports.direct)),
  };
  const started = Date.now();
  await openSite({
    releases: RELEASES,
    catalog: catalog([['redirect', at(redirect.ports.redirect)], ['direct', at(target.ports.direct)]]),
  });
  const { got } = await settledRows(page, started);
  expect(got.redirect.status).toBe('ok');
  expectNear('redirect', got.redirect.bps, reference.redirect, { what: 'its target alone (curl)' });
  expect(got.direct.status).toBe('ok');
  expectNear('direct', got.direct.bps, reference.direct);
  await expect(page.locator('#recommended a')).toHaveAttribute('data-mirror-id', 'direct');
});
