// Mirrors that fail in ways nginx cannot, for the probe tests: plain node:http servers a test
// starts and stops itself, on 127.0.0.1 (inside a test's network namespace too).
//
//   startBurstThenStall({bytes, burstBytes})   a big range gets its headers and `burstBytes`
//                                              of body at once, then nothing, the socket open
//   startSlowFirstByte({bytes, delayMs})       a big range is answered only after `delayMs`
//
// Both serve `bytes` (the file) at any path, and answer small ranges (at most `probeBytes`,
// default 64 KiB: the page's latency probes and first look at the file) at once and in full,
// so the mirror looks healthy until its throughput test. With `cors` (the default) every
// answer carries the headers a CORS mirror sends. Each resolves to
//   {port, url: 'http://127.0.0.1:PORT/golang/{file}', requests: [{method, range, answer}], stop()}
// where `answer` is 'full', 'burst', 'delayed' or 'unsatisfiable'.
import { createServer } from 'node:http';

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'Content-Range, Content-Length',
  'timing-allow-origin': '*',
};

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
 * A server of `bytes` whose big answers `big(res, slice, headers)` sends (the status and
 * headers are the caller's to write, so that it may delay them too).
 */
async function startFileServer({ bytes, cors = true, probeBytes = 64 << 10, host = '127.0.0.1', big, label }) {
  const requests = [];
  const sockets = new Set();
  const timers = new Set();
  const server = createServer((req, res) => {
    const logged = { method: req.method, range: req.headers.range ?? '', answer: 'full' };
    requests.push(logged);
    const base = { 'content-type': 'application/gzip', 'accept-ranges': 'bytes', 'cache-control': 'no-store', ...(cors ? CORS : {}) };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...base, 'access-control-allow-headers': 'Range', 'access-control-allow-methods': 'GET, HEAD' });
      return res.end();
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, base);
      return res.end();
    }
    let status = 200;
    let start = 0;
    let end = bytes.length - 1;
    const headers = { ...base };
    if (req.headers.range) {
      const range = parseRange(req.headers.range, bytes.length);
      if (!range) {
        logged.answer = 'unsatisfiable';
        res.writeHead(416, { ...base, 'content-range': `bytes */${bytes.length}` });
        return res.end();
      }
      ({ start, end } = range);
      status = 206;
      headers['content-range'] = `bytes ${start}-${end}/${bytes.length}`;
    }
    headers['content-length'] = end - start + 1;
    const slice = bytes.subarray(start, end + 1);
    if (req.method === 'HEAD' || slice.length <= probeBytes) {
      res.writeHead(status, headers);
      return res.end(req.method === 'HEAD' ? undefined : slice);
    }
    logged.answer = label;
    big({ res, status, headers, slice, later: (fn, ms) => {
      const t = setTimeout(() => { timers.delete(t); fn(); }, ms);
      timers.add(t);
      res.on('close', () => { clearTimeout(t); timers.delete(t); });
    } });
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
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      server.close(() => ok());
    }),
  };
}

/**
 * A mirror whose body stops: a big range gets 206, the right Content-Range and
 * Content-Length, the first `burstBytes` of its body at once, and then nothing more, the
 * connection left open until the client gives up.
 */
export function startBurstThenStall({ bytes, burstBytes = 1 << 20, ...options }) {
  return startFileServer({
    ...options,
    bytes,
    label: 'burst',
    big: ({ res, status, headers, slice }) => {
      res.writeHead(status, headers);
      res.write(slice.subarray(0, burstBytes));
    },
  });
}

/** A mirror slow to start: a big range gets its status, headers and body after `delayMs`. */
export function startSlowFirstByte({ bytes, delayMs = 20_000, ...options }) {
  return startFileServer({
    ...options,
    bytes,
    label: 'delayed',
    big: ({ res, status, headers, slice, later }) => later(() => {
      res.writeHead(status, headers);
      res.end(slice);
    }, delayMs),
  });
}
