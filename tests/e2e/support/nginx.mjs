// Real mirrors on loopback for the probe tests: one nginx with a server block per mirror
// (CORS or not, limit_rate, a missing file, a short file, a redirect), configured as Debian
// ships nginx (`sendfile on; tcp_nopush on;`: with limit_rate, such a server sends a second's
// worth at once and then paces by the second), and, for faults nginx cannot make, a server
// that accepts and never answers and a port nobody listens on.
import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A port that was free a moment ago (on `host`). */
export async function freePort(host = '127.0.0.1') {
  const s = net.createServer();
  await new Promise((r) => s.listen(0, host, r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

const CORS = [
  'add_header Access-Control-Allow-Origin * always;',
  'add_header Access-Control-Expose-Headers "Content-Range, Content-Length" always;',
  'add_header Timing-Allow-Origin * always;',
].join(' ');

/**
 * Starts nginx with one server per entry of `mirrors`:
 *   {name, cors: bool, rate: '1m' | undefined, files: {name: Buffer}, redirectTo: url-prefix,
 *    prefix: 'golang' | another folder, log: bool, sendfile: false, host: '127.0.0.1'}
 * Files are served under /{prefix}/ (default /golang/; a name may contain folders). With
 * `log: true` the server's requests are logged, and `requests()` reads them back.
 * `rate` is nginx's limit_rate (bytes per second: 1m = 1 MiB/s). `sendfile: false` turns
 * Debian's sendfile off for that server, so that limit_rate paces smoothly. `host` is the
 * address it listens on.
 * Resolves to {ports: {name: port}, requests(), stop()}.
 */
export async function startNginx(mirrors) {
  const dir = mkdtempSync(join(tmpdir(), 'gomirror-nginx-'));
  chmodSync(dir, 0o755);
  const ports = {};
  const hosts = {};
  const blocks = [];
  for (const m of mirrors) {
    hosts[m.name] = m.host ?? '127.0.0.1';
    const port = await freePort(hosts[m.name]);
    ports[m.name] = port;
    const root = join(dir, m.name);
    const prefix = m.prefix ?? 'golang';
    if (!/^[A-Za-z0-9._-]+$/.test(prefix)) throw new Error(`prefix must be one folder name: ${prefix}`);
    mkdirSync(join(root, prefix), { recursive: true });
    for (const [file, body] of Object.entries(m.files ?? {})) {
      // A name may hold folders: a module proxy's golang.org/toolchain/@v/….zip.
      mkdirSync(dirname(join(root, prefix, file)), { recursive: true });
      writeFileSync(join(root, prefix, file), body);
    }
    const location = m.redirectTo
      ? `location /${prefix}/ { ${m.cors ? CORS : ''} rewrite ^/${prefix}/(.*)$ ${m.redirectTo}$1 redirect; }`
      : `location /${prefix}/ { ${m.cors ? CORS : ''} ${m.rate ? `limit_rate ${m.rate};` : ''} }`;
    const log = m.log ? `access_log ${dir}/access.log gomirror;` : '';
    const sendfile = m.sendfile === false ? 'sendfile off;' : '';
    blocks.push(`server { listen ${net.isIPv6(hosts[m.name]) ? `[${hosts[m.name]}]` : hosts[m.name]}:${port}; root ${root}; ${sendfile} ${log} ${location} }`);
  }
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, `
daemon off; master_process off; worker_processes 1; pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  # Debian's http defaults (/etc/nginx/nginx.conf of nginx 1.22), without its includes and log
  # paths; keepalive stays nginx's default (75 s), as there. gzip_types defaults to text/html.
  sendfile on; tcp_nopush on; types_hash_max_size 2048; gzip on;
  access_log off; default_type application/octet-stream;
  log_format gomirror '$server_port\t$request_method\t$uri\t$status\t$http_range';
  types { application/gzip gz; application/zip zip; text/html html; }
  client_body_temp_path ${dir}/tmp; proxy_temp_path ${dir}/tmp; fastcgi_temp_path ${dir}/tmp;
  uwsgi_temp_path ${dir}/tmp; scgi_temp_path ${dir}/tmp;
  ${blocks.join('\n  ')}
}`);
  const bin = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => {
    try { execFileSync(p, ['-v'], { stdio: 'ignore' }); return true; } catch { return false; }
  });
  if (!bin) throw new Error('nginx is not installed (scripts/setup.sh --test installs it)');
  execFileSync(bin, ['-t', '-q', '-c', conf, '-p', dir], { stdio: 'inherit' });
  const child = spawn(bin, ['-c', conf, '-p', dir], { stdio: 'ignore' });
  // Ready when every port accepts a connection.
  const deadline = Date.now() + 10_000;
  for (const [name, port] of Object.entries(ports)) {
    for (;;) {
      const ok = await new Promise((r) => {
        const s = new net.Socket();
        s.once('connect', () => { s.destroy(); r(true); });
        s.once('error', () => r(false));
        s.connect(port, hosts[name]);
      });
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`nginx did not listen on ${port}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const names = Object.fromEntries(Object.entries(ports).map(([name, port]) => [port, name]));
  return {
    ports,
    /**
     * The requests the servers with `log: true` have answered so far, oldest first:
     * [{mirror: name, method, path (decoded), status: number, range: 'bytes=0-1023' | ''}].
     */
    requests: () => {
      let text;
      try {
        text = readFileSync(join(dir, 'access.log'), 'utf8');
      } catch {
        return [];
      }
      return text.split('\n').filter(Boolean).map((line) => {
        const [port, method, path, status, range] = line.split('\t');
        return { mirror: names[port], method, path, status: Number(status), range: range === '-' ? '' : range };
      });
    },
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}


/** A server that accepts connections and never answers; its port. */
export async function startHangingServer() {
  const sockets = new Set();
  const server = net.createServer((s) => { sockets.add(s); s.on('error', () => {}); });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: server.address().port,
    stop: () => new Promise((r) => { for (const s of sockets) s.destroy(); server.close(r); }),
  };
}
