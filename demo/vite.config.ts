import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const demoRoot = fileURLToPath(new URL('.', import.meta.url));
const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * The demo page. Its code imports the package from source (`../../index.js`),
 * so it runs on a fresh clone without `npm run build`.
 */
export default defineConfig({
  root: demoRoot,
  plugins: [react()],
  cacheDir: fileURLToPath(new URL('../node_modules/.vite/demo', import.meta.url)),
  // The page reads the generated diagrams from docs/ and the package from the project root.
  server: { fs: { allow: [projectRoot] } },
  // Listed up front so the first page load does not discover them and reload.
  optimizeDeps: { include: ['react', 'react-dom/client', 'react/jsx-runtime', 'react/jsx-dev-runtime', 'xstate'] },
});
