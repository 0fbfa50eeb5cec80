// The page's throughput figures against what the mirror really gives: nginx's own limit_rate,
// paced by the second (sendfile on, Debian's default) or smoothly (sendfile off), compared with
// its configured rate; and a mirror that redirects to a slower host, which is as fast as that
// host. (Mirrors shaped by the kernel are kernel.spec.mjs: a file of its own, so that
// scripts/test.sh runs it in a namespace of its own beside this one.)
import { test, expect, at, catalog, expectNear, fileAt, FILES, RELEASES, settledRows } from './common.mjs';
import { startNginx } from '../support/nginx.mjs';
import { referenceRate, shape } from '../support/shaped.mjs';

/** nginx's limit_rate units: bytes per second. */
const RATE = { '512k': 512 << 10, '1m': 1 << 20, '4m': 4 << 20 };

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
