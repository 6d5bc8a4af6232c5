// The dashboard's build: one page, its scripts split per view, everything served by
// `clusteratlas serve` itself (no CDN). scripts/build-web runs it into the build folder.
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

export default defineConfig({
  plugins: [vue()],
  base: '/',
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    // Hidden source maps would be a second copy of the code; the page ships without them.
    sourcemap: false,
    chunkSizeWarningLimit: 900,
  },
  server: {
    // `npx vite` during development: the API from a server started with `make run`.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
})
