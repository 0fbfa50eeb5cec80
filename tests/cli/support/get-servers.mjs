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
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';

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
