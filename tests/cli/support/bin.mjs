// Runs the built `gomirror` binary as a user would: arguments, environment, stdin, and what it
// printed on stdout and stderr with its exit code. The binary is the release build
// (`cargo build --release --features cli`, which scripts/test.sh makes first), or
// $GOMIRROR_BIN (a debug build while developing).
//
//   const r = await gomirror(['verify', path], { env: { LANG: 'zh_CN.UTF-8' }, input: 'text' });
//   r.code, r.signal, r.stdout, r.stderr
//   const p = spawnGomirror(args, options)   the child process, to stop it halfway (Ctrl-C)
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const BIN = process.env.GOMIRROR_BIN ?? join(ROOT, 'target/release/gomirror');

if (!existsSync(BIN)) {
  throw new Error(`${BIN} is missing: run cargo build --release --features cli (or set GOMIRROR_BIN)`);
}

/** A clean environment: no locale but the one given, no proxy, HOME kept. */
function environment(env = {}) {
  const base = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8' };
  return { ...base, ...env };
}

/** The child process of `gomirror ARGS`, its stdio piped. */
export function spawnGomirror(args, { env, cwd } = {}) {
  return spawn(BIN, args, { env: environment(env), cwd, stdio: ['pipe', 'pipe', 'pipe'] });
}

/**
 * Runs `gomirror ARGS` to its end (or `timeoutMs`, then SIGKILL): {code, signal, stdout, stderr}.
 * `input` is written to its stdin, which is then closed.
 */
export function gomirror(args, { env, cwd, input, timeoutMs = 120_000 } = {}) {
  const child = spawnGomirror(args, { env, cwd });
  const out = [];
  const err = [];
  child.stdout.on('data', (d) => out.push(d));
  child.stderr.on('data', (d) => err.push(d));
  child.stdin.on('error', () => {});
  child.stdin.end(input ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((ok) => child.on('close', (code, signal) => {
    clearTimeout(timer);
    ok({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
  }));
}

/** A fresh temporary folder, removed by the returned function. */
export function tempDir(prefix = 'gomirror-cli-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
