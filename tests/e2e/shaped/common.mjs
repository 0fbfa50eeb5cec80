// What the shaped specs share: the harness's `test` with loopback set up once per worker, the
// specs skipped outside a network namespace, and every server a test starts (and lo's
// shaping) undone after it; the file the page probes; a catalog; and reading the mirror table
// once it has settled, through the page contract only.
import { test as harness, expect } from '../support/harness.mjs';
import { randomBytes, releaseEntry } from '../support/fixtures.mjs';
import { startNginx } from '../support/nginx.mjs';
import { inNamespace, NOT_IN_NAMESPACE, referenceRate, setupLoopback, shape, unshape } from '../support/shaped.mjs';

export { expect };
export { MIRROR_NOISE } from '../support/harness.mjs';

export const test = harness.extend({
  loopback: [async ({}, use) => {
    if (inNamespace()) setupLoopback();
    else console.log(`skipping: ${NOT_IN_NAMESPACE}`);
    await use();
  }, { scope: 'worker', auto: true }],

  namespaceOnly: [async ({}, use, testInfo) => {
    testInfo.skip(!inNamespace(), NOT_IN_NAMESPACE);
    await use();
  }, { auto: true }],

  /** `track(server)` stops `server` (anything with `stop()`) after the test; lo is unshaped. */
  track: async ({}, use) => {
    const servers = [];
    await use((server) => {
      servers.push(server);
      return server;
    });
    for (const s of servers.reverse()) await s.stop();
    if (inNamespace()) unshape();
  },
});

/** The file the page probes: the newest stable release's archive for headless Chromium here. */
export const FILE = 'go1.99.1.linux-amd64.tar.gz';
/** Large enough for 4 s curl runs and the page's 16 MiB cap: 24 MiB, gzip's magic first. */
export const BODY = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), randomBytes((24 << 20) - 4, 77)]);
export const FILES = { [FILE]: BODY };
export const RELEASES = JSON.stringify([{ version: 'go1.99.1', stable: true, files: [releaseEntry(FILE, BODY)] }]);

/** A mirror URL template on a loopback port, and that file's URL there. */
export const at = (port) => `http://127.0.0.1:${port}/golang/{file}`;
export const fileAt = (port) => `http://127.0.0.1:${port}/golang/${FILE}`;

/** A catalog of `[id, urlTemplate, extra]` mirrors. */
export const catalog = (mirrors) => JSON.stringify({
  checksum_sources: [],
  mirrors: mirrors.map(([id, url, extra = {}]) => ({ id, name: id, url, official: false, region: 'test', ...extra })),
});

/** Every row's contract attributes: {id: {status, reason, latency, bps}}. */
export async function rows(page) {
  return page.locator('#mirror-table tr[data-mirror-id]').evaluateAll((trs) => Object.fromEntries(
    trs.map((tr) => [tr.dataset.mirrorId, {
      status: tr.dataset.status, reason: tr.dataset.reason,
      latency: tr.dataset.latencyMs === undefined ? undefined : Number(tr.dataset.latencyMs),
      bps: tr.dataset.throughputBps === undefined ? undefined : Number(tr.dataset.throughputBps),
    }])));
}

/**
 * Waits for `#mirror-table[data-settled="true"]` and returns the rows and how long after
 * `started` (a Date.now() from before opening the page) the table was seen settled.
 */
export async function settledRows(page, started) {
  await expect(page.locator('#mirror-table')).toHaveAttribute('data-settled', 'true', { timeout: 30_000 })
    .catch(async (e) => {
      console.log(`not settled; rows now: ${JSON.stringify(await rows(page))}`);
      throw e;
    });
  const settledMs = Date.now() - started;
  const got = await rows(page);
  console.log(`mirror table settled ${settledMs} ms after opening the page: ${JSON.stringify(got)}`);
  return { got, settledMs };
}

/** Logs a measured figure against its reference and asserts it is within `tolerance`. */
export function expectNear(id, measured, reference, { tolerance = 0.15, what = 'reference' } = {}) {
  const error = measured / reference - 1;
  console.log(`${id}: measured ${measured} B/s, ${what} ${Math.round(reference)} B/s, error ${(error * 100).toFixed(1)} %`);
  expect(measured, `${id}: no throughput figure`).toBeGreaterThan(0);
  expect(Math.abs(error), `${id}: ${measured} B/s vs ${what} ${Math.round(reference)} B/s`).toBeLessThan(tolerance);
}

/** The kernel-shaped rig's ceilings, in Mbit/s, under its 16 Mbit/s downlink. */
export const CEILINGS = { fast: 14, official: 8, slow: 3 };

/**
 * The rig on which both the page's figures (kernel.spec.mjs) and the command's
 * (tests/cli/shaped/rank.spec.mjs) are read: three nginx mirrors as Debian ships it (sendfile
 * on), capped by htb at CEILINGS behind one 16 Mbit/s downlink, the official one in the middle;
 * each one's speed alone measured with curl first. `track` is the fixture that stops them.
 * Returns {nginx, classOf (port → htb class), reference (id → B/s), catalog (its JSON text)}.
 */
export async function kernelRig(track) {
  const nginx = track(await startNginx(Object.keys(CEILINGS).map((name) => ({ name, cors: true, files: FILES }))));
  const { classOf } = shape({
    downlinkMbit: 16,
    mirrors: Object.entries(CEILINGS).map(([name, ceilMbit]) => ({ port: nginx.ports[name], ceilMbit })),
  });
  const reference = {};
  for (const id of Object.keys(CEILINGS)) {
    reference[id] = await referenceRate(fileAt(nginx.ports[id]));
    console.log(`${id}: ceiling ${CEILINGS[id]} Mbit/s, curl alone ${Math.round(reference[id])} B/s`);
  }
  return {
    nginx,
    classOf,
    reference,
    catalog: catalog([
      ['fast', at(nginx.ports.fast)],
      ['official', at(nginx.ports.official), { official: true }],
      ['slow', at(nginx.ports.slow)],
    ]),
  };
}
