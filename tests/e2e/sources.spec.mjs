// Comparing sources (issue 3) against real servers on loopback: module proxies measured like
// mirrors with the GOPROXY/GOTOOLCHAIN advice, sortable columns, the chart, copy buttons, and a
// new measurement when the visitor picks another file.
import { test, expect } from './support/harness.mjs';
import { randomBytes, releaseEntry } from './support/fixtures.mjs';
import { freePort, startHangingServer, startNginx } from './support/nginx.mjs';

const NEW = 'go1.99.1.linux-amd64.tar.gz';
const OLD = 'go1.20.14.linux-amd64.tar.gz';
const gz = (size, seed) => Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), randomBytes(size - 4, seed)]);
const NEW_BODY = gz(3 << 20, 81);
const OLD_BODY = gz(2 << 20, 82);
const ZIP = 'golang.org/toolchain/@v/v0.0.1-go1.99.1.linux-amd64.zip';
const ZIP_BODY = Buffer.concat([Buffer.from('PK\x03\x04'), randomBytes((3 << 20) - 4, 83)]);
const RELEASES = JSON.stringify([
  { version: 'go1.99.1', stable: true, files: [releaseEntry(NEW, NEW_BODY)] },
  { version: 'go1.20.14', stable: true, files: [releaseEntry(OLD, OLD_BODY)] },
]);
const RATES = { fast: 2 << 20, slow: 512 << 10 };

test.use({
  allowedConsole: [[/Failed to load resource/, /blocked by CORS policy/, /net::ERR_/], { scope: 'test' }],
});

let nginx;
let hanging;
let refused;

test.beforeAll(async () => {
  hanging = await startHangingServer();
  refused = await freePort();
  const both = { [NEW]: NEW_BODY, [OLD]: OLD_BODY, [ZIP]: ZIP_BODY };
  nginx = await startNginx([
    { name: 'fast', cors: true, rate: '2m', files: both },
    { name: 'slow', cors: true, rate: '512k', files: both },
    { name: 'nocors', cors: false, files: both },
    { name: 'empty', cors: true, files: {} },
    { name: 'newonly', cors: true, files: { [NEW]: NEW_BODY } },
  ]);
});

test.afterAll(async () => {
  await nginx?.stop();
  await hanging?.stop();
});

const base = (port) => `http://127.0.0.1:${port}/golang/`;
const mirror = (id, port) => ({ id, name: id, url: `${base(port)}{file}`, official: false, region: 'test' });
const proxy = (id, port) => ({ id, name: id, url: base(port), region: 'test' });

function catalog({ mirrors, proxies = [] }) {
  return JSON.stringify({ checksum_sources: [], mirrors, module_proxies: proxies });
}

async function rows(page, table, attr) {
  return page.locator(`#${table} tr[${attr}]`).evaluateAll((trs, attr) => trs.map((tr) => ({
    id: tr.getAttribute(attr),
    status: tr.dataset.status,
    reason: tr.dataset.reason,
    bps: tr.dataset.throughputBps === undefined ? undefined : Number(tr.dataset.throughputBps),
  })), attr);
}

async function settle(page) {
  await expect(page.locator('#recommended')).toHaveAttribute('data-settled', 'true', { timeout: 15_000 });
  await expect(page.locator('tr[data-status="pending"]')).toHaveCount(0, { timeout: 15_000 });
}

test('module proxies are measured like mirrors; the advice uses the fastest', async ({ page, openSite }) => {
  await openSite({
    releases: RELEASES,
    catalog: catalog({
      mirrors: [mirror('fast', nginx.ports.fast)],
      proxies: [
        proxy('p-slow', nginx.ports.slow), proxy('p-fast', nginx.ports.fast), proxy('p-nocors', nginx.ports.nocors),
        proxy('p-empty', nginx.ports.empty), proxy('p-hang', hanging.port), proxy('p-refused', refused),
      ],
    }),
  });
  await settle(page);
  const got = Object.fromEntries((await rows(page, 'proxy-table', 'data-proxy-id')).map((r) => [r.id, r]));
  expect(got['p-fast'].status).toBe('ok');
  expect(got['p-slow'].status).toBe('ok');
  expect(got['p-nocors']).toMatchObject({ status: 'limited', bps: undefined });
  expect(got['p-empty']).toMatchObject({ status: 'failed', reason: 'http-404' });
  expect(got['p-hang']).toMatchObject({ status: 'timeout', reason: 'timeout' });
  expect(got['p-refused']).toMatchObject({ status: 'failed', reason: 'refused' });
  for (const id of ['fast', 'slow']) {
    const error = got[`p-${id}`].bps / RATES[id] - 1;
    expect(Math.abs(error), id).toBeLessThan(0.15);
  }
  const advice = page.locator('#proxy-advice');
  await expect(advice).toHaveAttribute('data-settled', 'true');
  await expect(advice).toHaveAttribute('data-proxy-id', 'p-fast');
  const goproxy = `http://127.0.0.1:${nginx.ports.fast}/golang,direct`;
  expect(await advice.locator('[data-os="linux"] code').textContent())
    .toMatch(new RegExp(`^GOPROXY=${goproxy.replace(/[.]/g, '\\.')} GOTOOLCHAIN=go1\\.99\\.1 go version\\n`));
  await expect(advice.locator('[data-os="windows"] code')).toContainText(`$env:GOPROXY='${goproxy}'; $env:GOTOOLCHAIN='go1.99.1'; go version`);
});

test('for a release older than Go 1.21 the proxies fetch the newest toolchain', async ({ page, openSite }) => {
  await openSite({
    releases: RELEASES,
    catalog: catalog({ mirrors: [mirror('fast', nginx.ports.fast)], proxies: [proxy('p-fast', nginx.ports.fast)] }),
  });
  await settle(page);
  await page.selectOption('#pick-version', 'go1.20.14');
  await expect(page.locator('#recommended a')).toHaveAttribute('href', `${base(nginx.ports.fast)}${OLD}`);
  await settle(page);
  // Only go1.99.1's zip exists on the proxy: the row is ok because that is what was fetched.
  await expect(page.locator('#proxy-table tr[data-proxy-id="p-fast"]')).toHaveAttribute('data-status', 'ok');
  await expect(page.locator('#proxy-advice [data-os="linux"] code')).toContainText('GOTOOLCHAIN=go1.99.1 go version');
});

test('sorting by a column: best first, again to flip, missing figures last', async ({ page, openSite }) => {
  await openSite({
    releases: RELEASES,
    catalog: catalog({
      mirrors: [mirror('dead', refused), mirror('slow', nginx.ports.slow), mirror('nocors', nginx.ports.nocors), mirror('fast', nginx.ports.fast)],
    }),
  });
  await settle(page);
  const order = async () => (await rows(page, 'mirror-table', 'data-mirror-id')).map((r) => r.id);
  expect(await order()).toEqual(['dead', 'slow', 'nocors', 'fast']);
  const header = page.locator('#mirror-table th:has(button[data-sort-key="throughput"])');
  await expect(header).toHaveAttribute('aria-sort', 'none');
  await header.locator('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  expect(await order()).toEqual(['fast', 'slow', 'dead', 'nocors']);
  await header.locator('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  expect(await order()).toEqual(['slow', 'fast', 'dead', 'nocors']);
  await page.click('#mirror-table button[data-sort-key="status"]');
  await expect(header).toHaveAttribute('aria-sort', 'none');
  expect(await order()).toEqual(['slow', 'fast', 'nocors', 'dead']);
  await page.click('#mirror-table button[data-sort-key="name"]');
  expect(await order()).toEqual(['dead', 'fast', 'nocors', 'slow']);
});

test('the chart shows throughput and latency; the recommended bar stands out', async ({ page, openSite }) => {
  await openSite({
    releases: RELEASES,
    catalog: catalog({ mirrors: [mirror('slow', nginx.ports.slow), mirror('fast', nginx.ports.fast), mirror('nocors', nginx.ports.nocors), mirror('dead', refused)] }),
  });
  await settle(page);
  const chart = page.locator('#mirror-chart');
  await expect(chart).toBeVisible();
  const bars = (measure) => chart.locator(`g[data-measure="${measure}"]`).evaluateAll((gs) => gs.map((g) => ({
    id: g.dataset.mirrorId, value: Number(g.dataset.value), best: g.querySelector('rect').classList.contains('best'),
    width: Number(g.querySelector('rect').getAttribute('width')),
  })));
  const throughput = await bars('throughput');
  expect(throughput.map((b) => b.id)).toEqual(['fast', 'slow']);
  expect(throughput[0]).toMatchObject({ best: true });
  expect(throughput[0].width).toBeGreaterThan(throughput[1].width * 2);
  const latency = await bars('latency');
  expect(latency.map((b) => b.id).sort()).toEqual(['fast', 'nocors', 'slow']);
  expect(latency.map((b) => b.value)).toEqual([...latency.map((b) => b.value)].sort((a, b) => a - b));
  await expect(page.locator('#recommended a')).toHaveAttribute('data-mirror-id', 'fast');
  await expect(chart.locator('svg')).toHaveAttribute('role', 'img');
});

test('copy buttons put the command on the clipboard', async ({ page, context, openSite }) => {
  const site = await openSite({ releases: RELEASES, catalog: catalog({ mirrors: [mirror('fast', nginx.ports.fast)] }) });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(site.url).origin });
  await settle(page);
  const figure = page.locator('#commands figure[data-os="linux"]');
  await figure.locator('button[data-copy]').click();
  await expect(figure.locator('button[data-copy]')).toHaveAttribute('data-copied', 'true');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await figure.locator('code').textContent());
  expect(copied).toContain(`curl -fLO '${base(nginx.ports.fast)}${NEW}'`);
});

test('another version measures again, for that file', async ({ page, openSite }) => {
  await openSite({
    releases: RELEASES,
    catalog: catalog({ mirrors: [mirror('newonly', nginx.ports.newonly), mirror('slow', nginx.ports.slow)] }),
  });
  await settle(page);
  const newonly = page.locator('#mirror-table tr[data-mirror-id="newonly"]');
  await expect(newonly).toHaveAttribute('data-status', 'ok');
  await expect(page.locator('#recommended a')).toHaveAttribute('data-mirror-id', 'newonly');
  await page.selectOption('#pick-version', 'go1.20.14');
  // The mirror without the old file now fails for it; the other one is recommended.
  await expect(newonly).toHaveAttribute('data-status', 'failed', { timeout: 15_000 });
  await expect(newonly).toHaveAttribute('data-reason', 'http-404');
  await settle(page);
  await expect(page.locator('#recommended a')).toHaveAttribute('href', `${base(nginx.ports.slow)}${OLD}`);
  await page.click('#rerun');
  await expect(page.locator('#mirror-table tr[data-mirror-id="slow"]')).toHaveAttribute('data-status', 'pending');
  await settle(page);
  await expect(page.locator('#mirror-table tr[data-mirror-id="slow"]')).toHaveAttribute('data-status', 'ok');
});
