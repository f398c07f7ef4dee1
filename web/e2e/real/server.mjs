// The real-server browser tests' web server: builds the demo workspace
// (reefscope demo --no-serve) into a temporary directory once, then serves it
// with a copy of the built web app (web/dist) until Playwright stops it. Set
// REEFSCOPE_E2E_HOME to reuse a workspace between runs (it is then kept).
//
//   node e2e/real/server.mjs --port 8123
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..', '..');
const reefscope = process.env.REEFSCOPE_BIN ?? join(root, '.venv', 'bin', 'reefscope');
const portFlag = process.argv.indexOf('--port');
const port = portFlag > 0 ? process.argv[portFlag + 1] : undefined;
if (!port) {
  console.error('usage: node e2e/real/server.mjs --port PORT');
  process.exit(2);
}

const dist = join(root, 'web', 'dist');
if (!existsSync(join(dist, 'index.html'))) {
  console.error('web/dist has no built app: run `npm run build` first (`make web-e2e` does).');
  process.exit(1);
}
// The app is served from a copy, so that a rebuild of web/dist during the run changes nothing.
const app = mkdtempSync(join(tmpdir(), 'reefscope-e2e-app-'));
cpSync(dist, app, { recursive: true });

const keep = Boolean(process.env.REEFSCOPE_E2E_HOME);
const home = process.env.REEFSCOPE_E2E_HOME ?? mkdtempSync(join(tmpdir(), 'reefscope-e2e-'));
const cleanup = () => {
  rmSync(app, { recursive: true, force: true });
  if (!keep) rmSync(home, { recursive: true, force: true });
};

const started = Date.now();
const build = spawnSync(reefscope, ['demo', '--no-serve', '--data-dir', home], { stdio: 'inherit' });
if (build.status !== 0) {
  cleanup();
  console.error(`reefscope demo failed (exit ${build.status ?? build.signal}); is the Python environment set up (make setup)?`);
  process.exit(1);
}
console.log(`demo workspace ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${home}`);

const server = spawn(reefscope, ['serve', '--data-dir', home, '--port', String(port)], {
  stdio: 'inherit',
  env: { ...process.env, REEFSCOPE_WEB_DIST: app },
});
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  server.kill('SIGTERM');
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, stop);
server.on('exit', (code, signal) => {
  cleanup();
  process.exit(stopping ? 0 : (code ?? (signal ? 1 : 0)));
});
