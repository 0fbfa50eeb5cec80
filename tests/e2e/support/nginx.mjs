// Real mirrors on loopback for the probe tests: one nginx with a server block per mirror
// (CORS or not, limit_rate, a missing file, a short file, a redirect), and, for faults nginx
// cannot make, a server that accepts and never answers and a port nobody listens on.
import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A port that was free a moment ago. */
export async function freePort() {
  const s = net.createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

const CORS = [
  'add_header Access-Control-Allow-Origin * always;',
  'add_header Access-Control-Expose-Headers "Content-Range, Content-Length" always;',
  'add_header Timing-Allow-Origin * always;',
].join(' ');

// sendfile stays off (nginx's default): with it on, nginx 1.22 sends a whole second's worth of
// a limit_rate response at once and then paces by wall-clock second (2 MiB at "1m" arrives in
// 1.0 s, measured here), so over the probe's one-second transfers the rate it delivers is not
// the rate it was given. Without sendfile it paces smoothly (2 MiB in 1.96 s).

/**
 * Starts nginx with one server per entry of `mirrors`:
 *   {name, cors: bool, rate: '1m' | undefined, files: {name: Buffer}, redirectTo: url-prefix,
 *    prefix: 'golang' | another folder, log: bool}
 * Files are served under /{prefix}/ (default /golang/; a name may contain folders). With
 * `log: true` the server's requests are logged, and `requests()` reads them back.
 * Resolves to {ports: {name: port}, requests(), stop()}.
 */
export async function startNginx(mirrors) {
  const dir = mkdtempSync(join(tmpdir(), 'gomirror-nginx-'));
  chmodSync(dir, 0o755);
  const ports = {};
  const blocks = [];
  for (const m of mirrors) {
    const port = await freePort();
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
    blocks.push(`server { listen 127.0.0.1:${port}; root ${root}; ${log} ${location} }`);
  }
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, `
daemon off; master_process off; worker_processes 1; pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
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
  for (const port of Object.values(ports)) {
    for (;;) {
      const ok = await new Promise((r) => {
        const s = new net.Socket();
        s.once('connect', () => { s.destroy(); r(true); });
        s.once('error', () => r(false));
        s.connect(port, '127.0.0.1');
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
