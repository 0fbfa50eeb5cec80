// `gomirror rank` against real servers on 127.0.0.1: nginx as Debian ships it (sendfile on, so
// limit_rate paces by the second) for the honest mirrors, a 404 and a wrong size; node:http fault
// servers (support/faults.mjs) for what nginx cannot do; a hung server and a refused port. The
// figures are compared with nginx's configured rate, the verdicts with the page contract's
// statuses and reasons, and stdout must hold the result alone.
//
//   GOMIRROR_BIN=$PWD/target/debug/gomirror npx playwright test -c tests/cli/cli.config.mjs rank.spec.mjs
import { test, expect } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gomirror, tempDir } from './support/bin.mjs';
import { freePort, startHangingServer, startNginx } from '../e2e/support/nginx.mjs';
import { randomBytes, releaseEntry } from '../e2e/support/fixtures.mjs';
import { startBurstThenStall, startSlowFirstByte } from '../e2e/support/faults.mjs';
import {
  startCutShort, startHtmlPage, startResetMidBody, startTransportGzip,
} from './support/faults.mjs';

const VERSION = 'go1.99.1';
const FILE = `${VERSION}.linux-amd64.tar.gz`;
/** Large enough for the meter's 16 MiB cap: 24 MiB, gzip's magic first. */
const BODY = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), randomBytes((24 << 20) - 4, 77)]);
const FILES = { [FILE]: BODY };
/** The same file one MiB shorter: a stale or broken copy. */
const SHORT = { [FILE]: BODY.subarray(0, BODY.length - (1 << 20)) };
const LIST = JSON.stringify([{ version: VERSION, stable: true, files: [releaseEntry(FILE, BODY)] }]);

/** nginx's limit_rate units: bytes per second. */
const RATE = { '512k': 512 << 10, '1m': 1 << 20, '2m': 2 << 20 };

/** The page contract's report keys (DESIGN.md `#report-json` and `#report-link`'s `"v"`). */
const REPORT_KEYS = ['v', 'generated_at', 'browser', 'platform', 'checksum_source', 'mirrors', 'proxies',
  'sumdb', 'verdicts', 'recommendation', 'diagnosis'];
const SOURCE_KEYS = ['id', 'name', 'url', 'status', 'latency_ms', 'throughput_bps', 'reason', 'cors',
  'timing_allowed', 'redirected_to'];

const at = (port) => `http://127.0.0.1:${port}/golang/{file}`;

/** Servers and files a test made, undone after it. */
let cleanup = [];
test.afterEach(async () => {
  for (const undo of cleanup.reverse()) await undo();
  cleanup = [];
});

function track(server) {
  cleanup.push(() => server.stop());
  return server;
}

/**
 * The catalog of `[id, template, extra]` mirrors (and `extra` top-level fields) and the list,
 * written to a temporary folder: the arguments that make `rank` use them for FILE.
 */
function rig(mirrors, extra = {}) {
  const { dir, remove } = tempDir('gomirror-rank-');
  cleanup.push(remove);
  const catalog = {
    checksum_sources: [],
    mirrors: mirrors.map(([id, url, more = {}]) => ({ id, name: id, url, official: false, region: 'test', ...more })),
    ...extra,
  };
  writeFileSync(join(dir, 'catalog.json'), JSON.stringify(catalog));
  writeFileSync(join(dir, 'list.json'), LIST);
  return ['rank', VERSION, '--os', 'linux', '--arch', 'amd64',
    '--catalog', join(dir, 'catalog.json'), '--list', join(dir, 'list.json')];
}

/** Runs gomirror and times it. */
async function timed(args, options) {
  const started = Date.now();
  const r = await gomirror(args, options);
  return { ...r, wallMs: Date.now() - started };
}

/** The report of a `--json` run: stdout must be that JSON alone. */
function reportOf(r) {
  let report;
  expect(() => { report = JSON.parse(r.stdout); }, `stdout is JSON alone:\n${r.stdout}\n${r.stderr}`).not.toThrow();
  return report;
}

const byId = (rows) => Object.fromEntries(rows.map((row) => [row.id, row]));

function expectNear(id, measured, reference, tolerance = 0.15) {
  const off = Math.abs(measured - reference) / reference;
  console.log(`${id}: ${Math.round(measured)} B/s against ${reference} B/s (${(off * 100).toFixed(1)} % off)`);
  expect(measured, `${id} within ${tolerance * 100} % of ${reference}`).toBeGreaterThan(reference * (1 - tolerance));
  expect(measured, `${id} within ${tolerance * 100} % of ${reference}`).toBeLessThan(reference * (1 + tolerance));
}

test('nginx limit_rate 512k, 1m and 2m: each figure within 15 % of the rate, the fastest recommended, the report keys the page\'s', async () => {
  const rates = ['512k', '1m', '2m'];
  const nginx = track(await startNginx(rates.map((rate) => ({ name: `r${rate}`, rate, files: FILES }))));
  const args = rig(rates.map((rate) => [`r${rate}`, at(nginx.ports[`r${rate}`])]));
  const r = await timed([...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  const report = reportOf(r);
  expect(Object.keys(report)).toEqual(REPORT_KEYS);
  for (const row of [...report.mirrors, ...report.proxies, ...report.sumdb]) {
    expect(Object.keys(row)).toEqual(SOURCE_KEYS);
  }
  expect(report.browser).toMatch(/^gomirror\/\d+\.\d+\.\d+/);
  expect(report.platform).toMatch(/^[a-z0-9]+\/[a-z0-9]+$/);
  expect(report.checksum_source.source).toBe('live');
  const rows = byId(report.mirrors);
  for (const rate of rates) {
    const row = rows[`r${rate}`];
    expect(row.status, rate).toBe('ok');
    expect(row.reason, rate).toBeNull();
    expect(row.latency_ms, rate).toBeGreaterThan(0);
    expect(row.url).toBe(`http://127.0.0.1:${nginx.ports[`r${rate}`]}/golang/${FILE}`);
    expectNear(`r${rate}`, row.throughput_bps, RATE[rate]);
  }
  expect(report.recommendation).toEqual({ mirror_id: 'r2m', url: rows.r2m.url });
  expect(report.diagnosis).toEqual(['ok']);
  // stdout is the result; what happens meanwhile is on stderr.
  expect(r.stderr).toContain(`measuring 3 sources for ${FILE}`);
});

test('the table marks the recommended mirror and says why, in English and in Chinese', async () => {
  const nginx = track(await startNginx([
    { name: 'slow', rate: '512k', files: FILES },
    { name: 'fast', rate: '2m', files: FILES },
    { name: 'missing', files: {} },
  ]));
  const args = rig([['slow', at(nginx.ports.slow)], ['fast', at(nginx.ports.fast)], ['missing', at(nginx.ports.missing)]]);
  const en = await gomirror(args);
  expect(en.code, en.stderr).toBe(0);
  const line = (out, id) => out.split('\n').find((l) => l.includes(`(${id})`));
  expect(line(en.stdout, 'fast')).toMatch(/^\*\s+fast \(fast\)\s+\d+ ms\s+[\d.]+ MiB\/s\s+OK$/);
  expect(line(en.stdout, 'slow')).toMatch(/^\s+slow \(slow\)\s+\d+ ms\s+\d+ KiB\/s\s+OK$/);
  expect(line(en.stdout, 'missing')).toMatch(/^\s+missing \(missing\)\s+-\s+-\s+The server answered HTTP 404\.$/);
  expect(en.stdout).toContain(`Recommended download: http://127.0.0.1:${nginx.ports.fast}/golang/${FILE}`);
  expect(en.stdout).toMatch(/fast was the fastest measured/);
  expect(en.stdout).not.toContain('measuring');

  const zh = await gomirror([...args, '--lang', 'zh-CN']);
  expect(zh.code, zh.stderr).toBe(0);
  expect(line(zh.stdout, 'missing')).toContain('服务器返回 HTTP 404');
  expect(zh.stdout).toContain(`推荐下载：http://127.0.0.1:${nginx.ports.fast}/golang/${FILE}`);
});

/**
 * Every fault, each a mirror: how to start it, and what `rank` must say of it. `answers`: it
 * gives an HTTP answer (a run of it alone exits 0; one that reaches nothing exits 3).
 */
const FAULTS = {
  html: { start: async () => startHtmlPage(), status: 'failed', reason: 'html', answers: true },
  cut: { start: async () => startCutShort({ bytes: BODY }), status: 'failed', reason: 'cut', answers: true },
  'wrong-size': { nginx: { files: SHORT }, status: 'failed', reason: 'wrong-size', answers: true },
  gzip: { start: async () => startTransportGzip({ bytes: BODY }), status: 'failed', reason: 'encoded', answers: true },
  hung: { start: async () => startHangingServer(), status: 'timeout', reason: 'timeout', answers: false },
  reset: { start: async () => startResetMidBody({ bytes: BODY }), status: 'failed', reason: 'cut', answers: true },
  refused: { start: async () => ({ port: await freePort(), stop: async () => {} }), status: 'failed', reason: 'refused', answers: false },
  404: { nginx: { files: {} }, status: 'failed', reason: 'http-404', answers: true },
  // The page's own faults of the throughput test: a body that stops, a body that never starts.
  stalled: { start: async () => startBurstThenStall({ bytes: BODY }), status: 'failed', reason: 'stalled', answers: true },
  late: { start: async () => startSlowFirstByte({ bytes: BODY }), status: 'timeout', reason: 'timeout', answers: true },
};

/** Starts every fault (and a good nginx mirror): {id: template}. */
async function startFaults() {
  const nginx = track(await startNginx([
    { name: 'good', rate: '2m', files: FILES },
    ...Object.entries(FAULTS).filter(([, f]) => f.nginx).map(([name, f]) => ({ name, ...f.nginx })),
  ]));
  const templates = { good: at(nginx.ports.good) };
  for (const [name, f] of Object.entries(FAULTS)) {
    templates[name] = f.nginx ? at(nginx.ports[name]) : at(track(await f.start()).port);
  }
  return templates;
}

test('every fault alone through --from: its reason, no speed, and exit 3 only when nothing answered', async () => {
  const templates = await startFaults();
  const args = rig(Object.entries(templates).map(([id, url]) => [id, url]));
  for (const [id, fault] of Object.entries(FAULTS)) {
    const r = await timed([...args, '--from', id, '--json']);
    const report = reportOf(r);
    const row = byId(report.mirrors)[id];
    console.log(`${id}: exit ${r.code} in ${r.wallMs} ms, ${row.status} ${row.reason}`);
    expect(report.mirrors.map((m) => m.id)).toEqual([id]);
    expect({ status: row.status, reason: row.reason }, id).toEqual({ status: fault.status, reason: fault.reason });
    expect(row.throughput_bps, id).toBeNull();
    // Nothing works: the official link is the fallback.
    expect(report.recommendation, id).toEqual({ mirror_id: 'go-dev', url: `https://go.dev/dl/${FILE}` });
    expect(r.code, `${id}: ${r.stderr}`).toBe(fault.answers ? 0 : 3);
    if (!fault.answers) {
      expect(r.stderr).toContain('no source could be reached');
      expect(report.diagnosis).toEqual(['all-unreachable']);
    }
  }
});

test('every fault beside a good mirror: the good one measured and recommended, each fault its reason', async () => {
  const templates = await startFaults();
  const args = rig(Object.entries(templates).map(([id, url]) => [id, url]));
  const r = await timed([...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  const report = reportOf(r);
  const rows = byId(report.mirrors);
  console.log(`${Object.keys(rows).length} mirrors in ${r.wallMs} ms: ${JSON.stringify(report.mirrors.map((m) => [m.id, m.status, m.reason, m.throughput_bps]))}`);
  expect(rows.good.status).toBe('ok');
  expectNear('good', rows.good.throughput_bps, RATE['2m']);
  expect(report.recommendation.mirror_id).toBe('good');
  for (const [id, fault] of Object.entries(FAULTS)) {
    expect({ status: rows[id].status, reason: rows[id].reason }, id).toEqual({ status: fault.status, reason: fault.reason });
    expect(rows[id].throughput_bps, id).toBeNull();
  }
  // The table says the same in words.
  const table = await gomirror([...args, '--from', 'good,gzip,cut']);
  expect(table.code, table.stderr).toBe(0);
  expect(table.stdout).toMatch(/\(gzip\).*Content-Encoding gzip/);
  expect(table.stdout).toMatch(/\(cut\).*broke off after/);
  expect(table.stdout).toMatch(/^\*\s+good \(good\)/m);
});

test('--budget is kept: the run ends in time, the mirrors it could not reach ranked by latency', async () => {
  const names = ['a', 'b', 'c', 'd', 'e'];
  const nginx = track(await startNginx(names.map((name) => ({ name, rate: '512k', files: FILES }))));
  const args = rig(names.map((name) => [name, at(nginx.ports[name])]));
  const budgetS = 5;
  const r = await timed([...args, '--budget', String(budgetS), '--json']);
  console.log(`--budget ${budgetS}: ${r.wallMs} ms`);
  expect(r.code, r.stderr).toBe(0);
  // The mirrors' part of the budget is 13/23 of it; the whole run must end by the budget, with
  // a second for starting the process and reading the files.
  expect(r.wallMs).toBeLessThan(budgetS * 1000 + 1000);
  const report = reportOf(r);
  const measured = report.mirrors.filter((m) => m.throughput_bps !== null);
  const notMeasured = report.mirrors.filter((m) => m.reason === 'not-measured');
  expect(notMeasured.length).toBeGreaterThan(0);
  for (const m of notMeasured) {
    expect(m.status).toBe('ok');
    expect(m.latency_ms).toBeGreaterThan(0);
  }
  expect(measured.length + notMeasured.length).toBe(names.length);
});

test('bad input: an unknown --from id names the nearest ids; a bad --budget; --link needs a site', async () => {
  const args = rig([['aliyun-test', 'http://127.0.0.1:9/golang/{file}'], ['tuna-test', 'http://127.0.0.1:9/golang/{file}']]);
  const r = await gomirror([...args, '--from', 'aliyun-tst']);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toContain('unknown source "aliyun-tst"');
  expect(r.stderr).toMatch(/nearest: aliyun-test/);
  const budget = await gomirror([...args, '--budget', '0']);
  expect(budget.code).toBe(1);
  expect(budget.stderr).toContain('--budget');
  const link = await gomirror([...args, '--link']);
  expect(link.code).toBe(1);
  expect(link.stderr).toContain('--site');
});

test('--link prints the page with the report in its fragment, the catalog\'s site by default', async () => {
  const nginx = track(await startNginx([{ name: 'm', rate: '2m', files: FILES }]));
  const args = rig([['m', at(nginx.ports.m)]], { site_url: 'https://mirror.example/gomirror/' });
  const r = await gomirror([...args, '--link']);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/^https:\/\/mirror\.example\/gomirror\/#r=[A-Za-z0-9_-]+\n$/);
  const other = await gomirror([...args, '--link', '--site', 'https://other.example/']);
  expect(other.stdout).toMatch(/^https:\/\/other\.example\/#r=/);
});

test('module proxies are measured on the toolchain zip after the mirrors, the checksum database on latency alone', async () => {
  const ZIP = `golang.org/toolchain/@v/v0.0.1-${VERSION}.linux-amd64.zip`;
  const zipBody = Buffer.concat([Buffer.from('PK\x03\x04'), randomBytes((20 << 20) - 4, 5)]);
  const nginx = track(await startNginx([
    { name: 'mirror', rate: '1m', files: FILES, log: true },
    // A proxy that serves the zip and proxies the checksum database (`supported`: 200, empty).
    { name: 'proxy', rate: '2m', log: true, files: { [ZIP]: zipBody, 'sumdb/sum.golang.org/supported': Buffer.alloc(0) } },
    // A proxy without either: 404 for both.
    { name: 'bare', files: {} },
    { name: 'db', files: { 'latest': Buffer.from('go.sum database tree\n35919231\n') } },
  ]));
  const base = (name) => `http://127.0.0.1:${nginx.ports[name]}/golang/`;
  const args = rig([['mirror', at(nginx.ports.mirror)]], {
    module_proxies: [
      { id: 'proxy', name: 'proxy', url: base('proxy'), region: 'test' },
      { id: 'bare', name: 'bare', url: base('bare'), region: 'test' },
    ],
    checksum_databases: [{ id: 'db', name: 'db', url: base('db') }],
  });
  const r = await gomirror([...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  const report = reportOf(r);
  const proxies = byId(report.proxies);
  expect(proxies.proxy.url).toBe(`${base('proxy')}${ZIP}`);
  expect(proxies.proxy.status).toBe('ok');
  expectNear('proxy', proxies.proxy.throughput_bps, RATE['2m']);
  expect({ status: proxies.bare.status, reason: proxies.bare.reason }).toEqual({ status: 'failed', reason: 'http-404' });
  expectNear('mirror', byId(report.mirrors).mirror.throughput_bps, RATE['1m']);
  // One throughput test at a time, the mirror's first: nginx logs a request once it is over.
  const big = nginx.requests().filter((q) => q.range === `bytes=0-${(16 << 20) - 1}`);
  expect(big.map((q) => q.mirror)).toEqual(['mirror', 'proxy']);
  // A proxy is faster, but only mirrors serve the official file: the mirror is recommended.
  expect(report.recommendation.mirror_id).toBe('mirror');
  // #sumdb-table's rows: the database's latest, and each proxy's `supported` as proxy-ID.
  const sumdb = byId(report.sumdb);
  expect(Object.keys(sumdb)).toEqual(['db', 'proxy-proxy', 'proxy-bare']);
  expect(sumdb.db).toMatchObject({ status: 'ok', url: `${base('db')}latest`, throughput_bps: null });
  expect(sumdb.db.latency_ms).toBeGreaterThan(0);
  expect(sumdb['proxy-proxy']).toMatchObject({ status: 'ok', url: `${base('proxy')}sumdb/sum.golang.org/supported` });
  expect(sumdb['proxy-bare']).toMatchObject({ status: 'failed', reason: 'http-404' });
});
