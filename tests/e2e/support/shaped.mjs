// A shaped network on loopback, for the shaped suite (tests/e2e/shaped/): usable only as root
// in a private network namespace (`unshare -n`), where lo is the whole network and changing
// its qdisc touches nothing else.
//
//   inNamespace()                 true there; specs skip outside with NOT_IN_NAMESPACE
//   setupLoopback()               lo up, MTU 1500, one TCP segment per packet (htb shapes
//                                 per packet: offloaded 64 KB packets make it coarse)
//   shape({downlinkMbit, mirrors: [{port, ceilMbit}]})
//                                 an htb tree on lo: one shared downlink, a class per mirror
//                                 (its server's source port) with its own ceiling, and an
//                                 unshaped default class for everything else (the page's own
//                                 server, requests and ACKs)
//   unshape()                     removes it
//   classStats()                  `tc -s class show dev lo`, parsed: {classid: {bytes, packets}}
//   curlRate(url, {seconds})      bytes/s of one curl download lasting at least `seconds`
//   referenceRate(url)            the median of three such runs of at least 4 s: the speed of
//                                 that mirror alone, which a page's figure is compared with
import { execFile, execFileSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';

export const NOT_IN_NAMESPACE = 'the shaped suite needs root in a private network namespace: '
  + 'run `npm run test:shaped` (unshare -n playwright test -c tests/e2e/shaped.config.mjs)';

const run = (cmd, args) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const tc = (...args) => run('tc', args);

/**
 * Root, in a network namespace with nothing but loopback in it, and (where PID 1's namespace
 * can be read) not the one of PID 1.
 */
export function inNamespace() {
  if (process.getuid?.() !== 0) return false;
  try {
    const links = run('ip', ['-o', 'link', 'show']).trim().split('\n');
    if (links.length !== 1 || !/^\d+: lo:/.test(links[0])) return false;
  } catch {
    return false;
  }
  try {
    return readlinkSync('/proc/self/ns/net') !== readlinkSync('/proc/1/ns/net');
  } catch {
    return true; // PID 1 hidden (a container): the loopback-only check stands
  }
}

function mustBeInNamespace() {
  if (!inNamespace()) throw new Error(`refusing to change lo's qdisc: ${NOT_IN_NAMESPACE}`);
}

/**
 * Loopback as a real link: up, MTU 1500 (1448-byte segments), and no segmentation offload.
 * lo offloads by default (64 KB GSO packets), and htb charges and releases a whole packet at
 * once; `gso_max_segs 1` makes TCP send one segment per packet (`tcp_tso_segs` caps its
 * batches at the device's gso_max_segs), which `classStats` confirms (about 1514 bytes a
 * packet in a mirror's class).
 */
export function setupLoopback() {
  mustBeInNamespace();
  run('ip', ['link', 'set', 'lo', 'up']);
  run('ip', ['link', 'set', 'lo', 'mtu', '1500', 'gso_max_size', '1500', 'gso_max_segs', '1']);
}

const DEFAULT_CLASS = 99;

/**
 * Shapes loopback. Every mirror's class shares the downlink (1:1) and has its own ceiling;
 * each is assured an equal share of the downlink (or its ceiling, if lower). Traffic from any
 * other port (the page's server) and every request and ACK go to 1:99, which is not shaped.
 * Returns {classOf: {port: '1:NN'}}.
 */
export function shape({ downlinkMbit, mirrors }) {
  mustBeInNamespace();
  unshape();
  const kbit = (mbit) => `${Math.round(mbit * 1000)}kbit`;
  tc('qdisc', 'add', 'dev', 'lo', 'root', 'handle', '1:', 'htb', 'default', String(DEFAULT_CLASS));
  tc('class', 'add', 'dev', 'lo', 'parent', '1:', 'classid', `1:${DEFAULT_CLASS}`,
    'htb', 'rate', '10gbit', 'quantum', '60000');
  tc('class', 'add', 'dev', 'lo', 'parent', '1:', 'classid', '1:1',
    'htb', 'rate', kbit(downlinkMbit), 'ceil', kbit(downlinkMbit), 'quantum', '1514');
  const classOf = {};
  mirrors.forEach(({ port, ceilMbit }, i) => {
    const id = 10 + i;
    if (id >= DEFAULT_CLASS) throw new Error('too many shaped mirrors');
    const ceil = Math.min(ceilMbit, downlinkMbit);
    const rate = Math.min(ceil, downlinkMbit / mirrors.length);
    tc('class', 'add', 'dev', 'lo', 'parent', '1:1', 'classid', `1:${id}`,
      'htb', 'rate', kbit(rate), 'ceil', kbit(ceil), 'quantum', '1514');
    tc('filter', 'add', 'dev', 'lo', 'parent', '1:', 'protocol', 'ip', 'prio', '1',
      'u32', 'match', 'ip', 'sport', String(port), '0xffff', 'flowid', `1:${id}`);
    classOf[port] = `1:${id}`;
  });
  return { classOf };
}

/** Back to lo's default (no qdisc). */
export function unshape() {
  mustBeInNamespace();
  try {
    tc('qdisc', 'del', 'dev', 'lo', 'root');
  } catch {
    // nothing to delete
  }
}

/** Bytes and packets sent through each htb class so far: {'1:10': {bytes, packets}, …}. */
export function classStats() {
  const out = {};
  let current;
  for (const line of tc('-s', 'class', 'show', 'dev', 'lo').split('\n')) {
    const head = line.match(/^class htb (\S+)/);
    if (head) current = head[1];
    const sent = line.match(/^\s*Sent (\d+) bytes (\d+) pkt/);
    if (sent && current) out[current] = { bytes: Number(sent[1]), packets: Number(sent[2]) };
  }
  return out;
}

/** One curl of bytes 0..bytes-1: {rate (bytes/s, curl's speed_download), bytes, seconds}. */
function curlOnce(url, { bytes, maxSeconds }) {
  const args = ['-s', '--noproxy', '*', '-o', '/dev/null', '-r', `0-${bytes - 1}`,
    '-w', '%{speed_download} %{size_download} %{time_total} %{http_code}'];
  if (maxSeconds) args.push('--max-time', String(maxSeconds));
  return new Promise((resolve, reject) => {
    execFile('curl', [...args, url], { encoding: 'utf8' }, (error, stdout) => {
      const [rate, size, seconds, code] = stdout.trim().split(' ').map(Number);
      // Exit 28 is the --max-time this file asked for.
      if ((error && error.code !== 28) || !(code === 206 || code === 200)) {
        reject(new Error(`curl ${url}: exit ${error?.code ?? 0}, HTTP ${code}`));
      } else {
        resolve({ rate, bytes: size, seconds });
      }
    });
  });
}

/** Bytes that take about `seconds` at the rate a one-second curl sees (with a margin). */
async function bytesFor(url, seconds) {
  const probe = await curlOnce(url, { bytes: 1 << 30, maxSeconds: 1 });
  return Math.max(1 << 20, Math.ceil((probe.bytes / probe.seconds) * seconds * 1.2));
}

/**
 * Bytes per second as `curl -s -o /dev/null -r 0-N -w '%{speed_download}' URL` measures it,
 * with N chosen so that the run lasts at least `seconds` (runs again with more bytes if it was
 * shorter). The file must hold those bytes.
 */
export async function curlRate(url, { seconds = 4, bytes } = {}) {
  let size = bytes ?? await bytesFor(url, seconds);
  for (let attempt = 0; attempt < 4; attempt++) {
    const got = await curlOnce(url, { bytes: size });
    if (got.bytes < size) {
      throw new Error(`${url}: got ${got.bytes} of ${size} bytes: the file is too small for a ${seconds} s run`);
    }
    if (got.seconds >= seconds) return got.rate;
    size = Math.ceil((size * seconds * 1.15) / got.seconds);
  }
  throw new Error(`${url}: no curl run lasted ${seconds} s`);
}

/** The median of `runs` curlRate runs of at least `seconds` each. */
export async function referenceRate(url, { seconds = 4, runs = 3 } = {}) {
  const bytes = await bytesFor(url, seconds);
  const rates = [];
  for (let i = 0; i < runs; i++) rates.push(await curlRate(url, { seconds, bytes }));
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)];
}
