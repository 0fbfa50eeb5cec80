// Mirrors that go wrong during the throughput tests, beside two healthy nginx mirrors (smooth
// limit_rate, sendfile off): a body that stops after a burst, a big range whose first byte
// comes 20 s late, and a server that never answers at all. Each time the mirror table settles
// within the 15 s budget and the healthy mirrors are still measured.
import { test, expect, at, catalog, expectNear, FILES, BODY, MIRROR_NOISE, RELEASES, settledRows } from './common.mjs';
import { startHangingServer, startNginx } from '../support/nginx.mjs';
import { startBurstThenStall, startSlowFirstByte } from '../support/faults.mjs';

test.use({ allowedConsole: [MIRROR_NOISE, { scope: 'test' }] });

const HEALTHY = [{ name: 'two', rate: '2m', bps: 2 << 20 }, { name: 'one', rate: '1m', bps: 1 << 20 }];

/** Opens the page on the healthy mirrors plus `extra` ([id, url]); returns rows and timing. */
async function run({ page, openSite, track }, extra) {
  const nginx = track(await startNginx(HEALTHY.map(({ name, rate }) => ({ name, rate, sendfile: false, cors: true, files: FILES }))));
  const started = Date.now();
  await openSite({
    releases: RELEASES,
    catalog: catalog([extra, ...HEALTHY.map(({ name }) => [name, at(nginx.ports[name])])]),
  });
  const result = await settledRows(page, started);
  expect(result.settledMs, 'the mirror table settles within 15 s of opening the page').toBeLessThan(15_000);
  for (const { name, rate, bps } of HEALTHY) {
    expect(result.got[name].status, name).toBe('ok');
    expectNear(name, result.got[name].bps, bps, { what: `limit_rate ${rate}` });
  }
  return result;
}

test('a body that stalls after its first burst fails as "stalled"; the others are measured', async ({ page, openSite, track }) => {
  const stall = track(await startBurstThenStall({ bytes: BODY, burstBytes: 1 << 20 }));
  const { got } = await run({ page, openSite, track }, ['stall', stall.url]);
  expect(got.stall).toMatchObject({ status: 'failed', reason: 'stalled', bps: undefined });
  expect(stall.requests.some((r) => r.answer === 'burst'), 'its throughput test started').toBe(true);
});

test('a big range whose first byte comes 20 s late is given up in time; the others are measured', async ({ page, openSite, track }) => {
  const slow = track(await startSlowFirstByte({ bytes: BODY, delayMs: 20_000 }));
  const { got } = await run({ page, openSite, track }, ['late', slow.url]);
  expect(got.late.bps).toBeUndefined();
  expect(got.late.status).not.toBe('pending');
  if (got.late.status === 'ok') expect(got.late.reason).toBe('not-measured');
  expect(slow.requests.some((r) => r.answer === 'delayed'), 'its throughput test started').toBe(true);
});

test('a mirror that never answers does not hold the table past 15 s', async ({ page, openSite, track }) => {
  const hanging = track(await startHangingServer());
  const { got } = await run({ page, openSite, track }, ['hang', at(hanging.port)]);
  expect(got.hang).toMatchObject({ status: 'timeout', bps: undefined });
});
