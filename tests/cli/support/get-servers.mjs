// Mirrors that go wrong while `gomirror get` downloads from them, in ways nginx cannot: plain
// node:http servers on 127.0.0.1 that serve `bytes` (the file) at any path with ranges, and
// answer any request that reaches byte `from` (default 0: every request) with a fault:
//
//   html        200 text/html, an error page in place of the file
//   cut         the right status and headers, half the body, then the connection closed
//   reset       the right status and headers, half the body, then a TCP reset
//               (both only for answers over 64 KiB: small ones come whole)
//   wrong-size  Content-Range and body of a longer file (the file plus 1 MiB)
//   gzip        the body gzipped, with Content-Encoding: gzip
//   different   the right status, headers and length, other bytes (`other`, default the file
//               with bytes flipped in its last quarter)
//   hang        no answer at all, the connection left open
//   404         Not Found
//
// With `rateBps` every answer is paced (64 KiB every slice), so that the requests of a run
// spread over several mirrors. Each resolves to
//   {port, url: 'http://127.0.0.1:PORT/golang/{file}', requests: [{range, start, end, fault}], stop()}
//
// Also here: `shapedRig`, the nginx mirrors behind a shaped link that get's shaped spec and
// bench/cli-get.mjs share (see its section below).
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startNginx } from '../../e2e/support/nginx.mjs';
import { releaseEntry } from '../../e2e/support/fixtures.mjs';
import { setupLoopback, shape, unshape } from '../../e2e/support/shaped.mjs';

/** `bytes=a-b` of a file of `size`: {start, end} (inclusive), or null. */
function parseRange(header, size) {
  const m = /^bytes=(\d+)-(\d*)$/.exec((header ?? '').trim());
  if (!m) return null;
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  return start <= end ? { start, end } : null;
}

/** Answers at most this long are never cut or reset. */
const SMALL_BYTES = 64 << 10;

/** The file with bytes flipped in its last quarter: same size, other hash. */
export function lateCorruption(bytes) {
  const out = Buffer.from(bytes);
  const at = Math.floor((out.length * 3) / 4);
  for (let i = 0; i < 64; i++) out[at + i] ^= 0xff;
  return out;
}

export async function startFaultMirror({ bytes, fault, from = 0, other, rateBps, host = '127.0.0.1' }) {
  const requests = [];
  const sockets = new Set();
  const wrong = fault === 'different' ? (other ?? lateCorruption(bytes)) : bytes;
  const server = createServer((req, res) => {
    const size = fault === 'wrong-size' ? bytes.length + (1 << 20) : bytes.length;
    const body = fault === 'wrong-size' ? Buffer.concat([bytes, Buffer.alloc(1 << 20, 7)]) : bytes;
    const range = parseRange(req.headers.range, size) ?? { start: 0, end: size - 1, whole: true };
    const hit = fault !== undefined && range.end >= from;
    const logged = { range: req.headers.range ?? '', start: range.start, end: range.end, fault: hit ? fault : '' };
    requests.push(logged);
    const base = { 'content-type': 'application/gzip', 'accept-ranges': 'bytes' };
    if (hit && fault === 'hang') return;
    if (hit && fault === '404') {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found\n');
    }
    if (hit && fault === 'html') {
      const page = Buffer.from('<!DOCTYPE html><html><body>Mirror maintenance</body></html>\n');
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': page.length });
      return res.end(page);
    }
    let slice = (hit && fault === 'different' ? wrong : body).subarray(range.start, range.end + 1);
    const headers = { ...base };
    let status = 200;
    if (!range.whole) {
      status = 206;
      headers['content-range'] = `bytes ${range.start}-${range.end}/${size}`;
    }
    if (hit && fault === 'gzip') {
      slice = gzipSync(slice);
      headers['content-encoding'] = 'gzip';
    }
    headers['content-length'] = slice.length;
    res.writeHead(status, headers);
    if (req.method === 'HEAD') return res.end();
    let limit = slice.length;
    // Mid-body of a big answer: the latency probes' small ones come whole, as from a mirror
    // that breaks only under load.
    if (hit && (fault === 'cut' || fault === 'reset') && slice.length > SMALL_BYTES) limit = Math.floor(slice.length / 2);
    let at = 0;
    const step = 64 << 10;
    const pace = rateBps ? (step / rateBps) * 1000 : 0;
    const finish = () => {
      if (limit < slice.length) {
        if (fault === 'reset') res.socket?.resetAndDestroy?.() ?? res.socket?.destroy();
        else res.socket?.end();
        return;
      }
      res.end();
    };
    const send = () => {
      while (at < limit) {
        const n = Math.min(step, limit - at);
        const more = res.write(slice.subarray(at, at + n));
        at += n;
        if (pace) return setTimeout(send, pace);
        if (!more) return res.once('drain', send);
      }
      finish();
    };
    send();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
  });
  await new Promise((ok, no) => {
    server.once('error', no);
    server.listen(0, host, ok);
  });
  const { port } = server.address();
  return {
    port,
    url: `http://${host}:${port}/golang/{file}`,
    requests,
    stop: () => new Promise((ok) => {
      for (const s of sockets) s.destroy();
      server.close(() => ok());
    }),
  };
}

// ---- The shaped rig of get's shaped spec and benchmark ------------------------------------
//
//   const rig = await shapedRig({downlinkMbit: 40, mirrorsMbit: {fast: 14, mid: 8, slow: 3}, bytes})
//   await rig.curl('fast')       {seconds, bytes}: curl of the whole file from that mirror alone
//   await rig.get(bin)           {code, seconds, stderr, served: {id: bytes past offset 0}}
//   await rig.stop()
// One nginx (as Debian ships it, access log on) with a server per mirror, in the network
// namespace the caller runs in (shaped.mjs: lo shaped with htb, a class per mirror's port).

export const SHAPED_FILE = 'go1.99.1.linux-amd64.tar.gz';

export async function shapedRig({ downlinkMbit, mirrorsMbit, bytes }) {
  setupLoopback();
  const ids = Object.keys(mirrorsMbit);
  const nginx = await startNginx(ids.map((name) => ({ name, log: true, files: { [SHAPED_FILE]: bytes } })));
  shape({ downlinkMbit, mirrors: ids.map((id) => ({ port: nginx.ports[id], ceilMbit: mirrorsMbit[id] })) });
  const dir = mkdtempSync(join(tmpdir(), 'gomirror-shaped-get-'));
  const catalog = join(dir, 'catalog.json');
  const list = join(dir, 'list.json');
  writeFileSync(catalog, JSON.stringify({
    checksum_sources: [],
    mirrors: ids.map((id) => ({ id, name: id, url: `http://127.0.0.1:${nginx.ports[id]}/golang/{file}`, official: false, region: 'test' })),
  }));
  writeFileSync(list, JSON.stringify([{ version: 'go1.99.1', stable: true, files: [releaseEntry(SHAPED_FILE, bytes)] }]));
  const fileUrl = (id) => `http://127.0.0.1:${nginx.ports[id]}/golang/${SHAPED_FILE}`;
  return {
    ids,
    dir,
    /** curl of the whole file from mirror `id` alone: {seconds, bytes}. */
    curl: (id) => new Promise((ok, no) => {
      execFile('curl', ['-s', '--noproxy', '*', '-o', '/dev/null', '-w', '%{time_total} %{size_download} %{http_code}', fileUrl(id)],
        { encoding: 'utf8' }, (error, stdout) => {
          const [seconds, size, code] = stdout.trim().split(' ').map(Number);
          if (error || code !== 200) no(new Error(`curl ${fileUrl(id)}: ${error?.message ?? `HTTP ${code}`}`));
          else ok({ seconds, bytes: size });
        });
    }),
    /** `gomirror get` from every mirror, ranking included: {code, seconds, stderr, out, served}. */
    get: (bin, extra = []) => new Promise((ok) => {
      const out = mkdtempSync(join(dir, 'out-'));
      const before = nginx.requests().length;
      const started = process.hrtime.bigint();
      const child = spawn(bin, ['get', '1.99.1', '--os', 'linux', '--arch', 'amd64', '--catalog', catalog,
        '--list', list, '--from', ids.join(','), '-o', out, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
      const err = [];
      child.stdout.resume();
      child.stderr.on('data', (d) => err.push(d));
      child.on('close', (code) => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        // Bytes each mirror served in pieces past the throughput tests (which start at 0).
        const served = Object.fromEntries(ids.map((id) => [id, 0]));
        for (const q of nginx.requests().slice(before)) {
          const m = /^bytes=(\d+)-(\d+)$/.exec(q.range);
          if (m && Number(m[1]) > 0 && q.status === 206) served[q.mirror] += Number(m[2]) - Number(m[1]) + 1;
        }
        ok({ code, seconds, stderr: Buffer.concat(err).toString(), out: join(out, SHAPED_FILE), served });
      });
    }),
    stop: async () => {
      unshape();
      await nginx.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
