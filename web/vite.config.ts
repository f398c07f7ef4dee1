/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API process serves web/dist at "/" and the API under "/api/". In
// development the Vite server forwards /api to a running `reefscope serve`.
const apiTarget = process.env.REEFSCOPE_API_URL ?? 'http://127.0.0.1:8000';

export default defineConfig({
  plugins: [react()],
  server: {
    host: '127.0.0.1',
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
  preview: { host: '127.0.0.1' },
  build: {
    outDir: 'dist',
    sourcemap: true,
    // echarts and the WebGL scatterplot are loaded with the tabs that use them.
    chunkSizeWarningLimit: 700,
  },
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'node',
    restoreMocks: true,
  },
});
