import { execFileSync } from 'node:child_process';
import { defineConfig, devices } from '@playwright/test';

// Browser tests against a real `reefscope serve` on the demo workspace (built
// once per run into a temporary directory by e2e/real/server.mjs) and the
// built web app: run `npm run build` first (`make web-e2e` does).
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// A free port, chosen once: the workers load this file again and inherit the variable.
if (!process.env.REEFSCOPE_E2E_PORT) {
  process.env.REEFSCOPE_E2E_PORT = execFileSync(process.execPath, [
    '-e',
    "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); });",
  ])
    .toString()
    .trim();
}
const port = Number(process.env.REEFSCOPE_E2E_PORT);

export default defineConfig({
  testDir: './e2e/real',
  outputDir: './test-results/real-artifacts',
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1280, height: 800 },
    trace: 'off',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromium,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  projects: [{ name: 'real-server', use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 800 } } }],
  webServer: {
    command: `node e2e/real/server.mjs --port ${port}`,
    url: `http://127.0.0.1:${port}/api/projects`,
    reuseExistingServer: false,
    timeout: 240_000,
    // SIGTERM (not the default SIGKILL) lets server.mjs remove its temporary workspace.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
