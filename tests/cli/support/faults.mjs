// Sources that fail in ways the command line must name, for its suites: plain node:http servers
// on 127.0.0.1 (inside a test's network namespace too), started and stopped by the test. nginx
// (tests/e2e/support/nginx.mjs) covers the honest mirrors, a missing file and a wrong size;
// tests/e2e/support/faults.mjs a stalled body and a slow first byte; a hung server is
// nginx.mjs's startHangingServer.
//
//   startTransportGzip({bytes})            every answer of the file carries
//                                          `Content-Encoding: gzip` and a gzipped body
//   startResetMidBody({bytes, afterBytes}) a big range gets its headers and `afterBytes` of
//                                          body, then the connection is reset (RST)
//   startCutShort({bytes, afterBytes})     a big range declares its whole Content-Length, sends
//                                          `afterBytes` of it and closes the connection (FIN)
//   startDifferentBytes({bytes, seed})     serves other bytes of the same size, ranges and all
//   startHtmlPage({html})                  200 text/html: a page in place of the file, for any
//                                          path and range
//
// Small ranges (at most `probeBytes`, default 64 KiB: the latency probes' 1 KiB) of the reset
// and cut servers are answered at once and in full, so that the source looks healthy until its
// throughput test. Each resolves to
//   {port, url: 'http://127.0.0.1:PORT/golang/{file}', requests: [{method, range}], stop()}.
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { randomBytes } from '../../e2e/support/fixtures.mjs';

/** `bytes=a-b`, `bytes=a-` or `bytes=-n` of a file of `size` bytes: {start, end}, or null. */
function parseRange(header, size) {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  let start;
  let end;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  return start <= end && start < size ? { start, end } : null;
}

/**
 * A server whose every GET `answer({req, res, requests})` handles; `serve(req, res, bytes,
 * {big})` answers a file honestly (206 for a range), calling `big(res, status, headers, slice)`
 * for a slice larger than `probeBytes` when given.
 */
async function startServer(answer) {
  const requests = [];
  const sockets = new Set();
  const server = createServer((req, res) => {
    requests.push({ method: req.method, range: req.headers.range ?? '' });
    answer(req, res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
  });
  await new Promise((ok, no) => {
    server.once('error', no);
    server.listen(0, '127.0.0.1', ok);
  });
  const { port } = server.address();
  return {
    port,
    url: `http://127.0.0.1:${port}/golang/{file}`,
    requests,
    stop: () => new Promise((ok) => {
      for (const s of sockets) s.destroy();
      server.close(() => ok());
    }),
  };
}

/** The status, headers and slice of `bytes` a GET asks for; null when the range is past the end. */
function sliceFor(req, bytes) {
  const headers = { 'content-type': 'application/gzip', 'accept-ranges': 'bytes' };
  if (!req.headers.range) return { status: 200, headers, slice: bytes };
  const range = parseRange(req.headers.range, bytes.length);
  if (!range) return null;
  headers['content-range'] = `bytes ${range.start}-${range.end}/${bytes.length}`;
  return { status: 206, headers, slice: bytes.subarray(range.start, range.end + 1) };
}

function unsatisfiable(res, size) {
  res.writeHead(416, { 'content-range': `bytes */${size}` });
  res.end();
}

/** Answers small slices honestly, and hands big ones to `big`. */
function fileServer({ bytes, probeBytes = 64 << 10, big }) {
  return startServer((req, res) => {
    const answer = sliceFor(req, bytes);
    if (!answer) return unsatisfiable(res, bytes.length);
    const { status, headers, slice } = answer;
    headers['content-length'] = slice.length;
    if (req.method === 'HEAD' || slice.length <= probeBytes) {
      res.writeHead(status, headers);
      return res.end(req.method === 'HEAD' ? undefined : slice);
    }
    big(res, status, headers, slice);
  });
}

/** Every answer gzipped in transit (`Content-Encoding: gzip`), whatever the client asked. */
export function startTransportGzip({ bytes }) {
  return startServer((req, res) => {
    const answer = sliceFor(req, bytes);
    if (!answer) return unsatisfiable(res, bytes.length);
    const { status, headers, slice } = answer;
    const body = gzipSync(slice, { level: 1 });
    res.writeHead(status, { ...headers, 'content-encoding': 'gzip', 'content-length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
}

/** A big range breaks off with a reset after `afterBytes`. */
export function startResetMidBody({ bytes, afterBytes = 2 << 20, ...options }) {
  return fileServer({
    ...options,
    bytes,
    big: (res, status, headers, slice) => {
      res.writeHead(status, headers);
      res.write(slice.subarray(0, afterBytes), () => {
        // Let the bytes leave before the RST, which would discard what is still queued.
        setTimeout(() => res.socket?.resetAndDestroy(), 200);
      });
    },
  });
}

/** A big range declares its whole length, sends `afterBytes` and closes cleanly. */
export function startCutShort({ bytes, afterBytes = 2 << 20, ...options }) {
  return fileServer({
    ...options,
    bytes,
    big: (res, status, headers, slice) => {
      res.writeHead(status, headers);
      res.write(slice.subarray(0, afterBytes), () => res.socket?.end());
    },
  });
}

/** Other bytes of the same size: the first four the same (gzip's magic), the rest not. */
export function startDifferentBytes({ bytes, seed = 999 }) {
  const other = Buffer.concat([bytes.subarray(0, 4), randomBytes(bytes.length - 4, seed)]);
  return fileServer({
    bytes: other,
    big: (res, status, headers, slice) => {
      res.writeHead(status, headers);
      res.end(slice);
    },
  });
}

/** A web page with 200 in place of the file (a captive portal, a login page). */
export function startHtmlPage({ html = '<!doctype html>\n<html><head><title>Sign in</title></head><body>Please sign in.</body></html>\n' } = {}) {
  return startServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
    res.end(req.method === 'HEAD' ? undefined : html);
  });
}
