// A tiny static server for the built site in dist/ (no dependencies), used by `npm start`,
// `npm run preview` and the browser tests. It honours BASE_PATH like the build does, and
// serves .gz data files as opaque gzip bytes (no Content-Encoding): the engine unzips them.
import { createServer } from 'node:http';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { builtBase } from './dist-files.mjs';

// DIST_DIR serves another build (e.g. `astro build --outDir /tmp/x` while dist/ is in use).
const root = process.env.DIST_DIR ? resolve(process.env.DIST_DIR) + sep : fileURLToPath(new URL('../dist/', import.meta.url));
const base = `/${(process.env.BASE_PATH || '/').replace(/^\/+|\/+$/g, '')}/`.replace('//', '/');
const wantedPort = Number(process.env.PORT || 4321);
// The browser tests need the exact port they asked for; people just need some free port.
const strictPort = process.env.STRICT_PORT === '1';
// COMPRESS=1 gzips text responses for clients that accept it, as GitHub Pages and most hosts do
// (scripts/lighthouse.mjs sets it, so the throttled timings see the bytes a reader downloads).
const compress = process.env.COMPRESS === '1';
const compressible = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt']);

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.gz': 'application/gzip',
};

/** Maps a URL path under the base to a file in dist/, or null when it is outside or missing. */
function resolveFile(urlPath) {
  if (!urlPath.startsWith(base) && urlPath !== base.slice(0, -1)) return null;
  const rel = decodeURIComponent(urlPath.slice(base.length - 1));
  const full = normalize(join(root, rel));
  if (!full.startsWith(root) && full + sep !== root) return null;
  for (const candidate of [full, join(full, 'index.html')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {}
  }
  return null;
}

const server = createServer((req, res) => {
  let path;
  try {
    path = new URL(req.url ?? '/', 'http://localhost').pathname;
  } catch {
    res.writeHead(400).end('Bad request');
    return;
  }
  // "/course" -> "/course/", "/chapters/x" -> "/chapters/x/": relative links then resolve as built.
  const file = resolveFile(path);
  if (file && file.endsWith('index.html') && !path.endsWith('/') && !path.endsWith('.html')) {
    res.writeHead(301, { Location: `${path}/` }).end();
    return;
  }
  if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) {
    const notFound = resolveFile(`${base}404.html`);
    res.writeHead(file ? 405 : 404, { 'Content-Type': 'text/html; charset=utf-8' });
    if (notFound && !file && req.method === 'GET') createReadStream(notFound).pipe(res);
    else res.end(file ? 'Method not allowed' : `Not found: ${path}`);
    return;
  }
  if (compress && compressible.has(extname(file)) && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
    const body = gzipSync(readFileSync(file));
    res.writeHead(200, {
      'Content-Type': types[extname(file)],
      'Content-Encoding': 'gzip',
      'Content-Length': body.length,
      'Cache-Control': 'no-cache',
      Vary: 'Accept-Encoding',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  res.writeHead(200, {
    'Content-Type': types[extname(file)] ?? 'application/octet-stream',
    'Content-Length': statSync(file).size,
    'Cache-Control': 'no-cache',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
});

function listen(port) {
  server.once('error', (err) => {
    if (err.code === 'EADDRINUSE' && !strictPort) {
      console.error(`Port ${port} is busy; using a free one instead.`);
      listen(0);
    } else {
      console.error(`Cannot serve on port ${port}: ${err.message}`);
      process.exit(1);
    }
  });
  server.listen(port, '127.0.0.1', () => {
    const { port: actual } = server.address();
    const builtFor = builtBase(root);
    if (builtFor === undefined) console.error('dist/index.html is missing: run `npm run build` first.');
    else if (builtFor !== null && builtFor !== base) {
      // Every script and style would 404: the pages ask for them under the base they were built for.
      console.error(`The site in dist/ was built for the base path ${builtFor}, but BASE_PATH here is ${base}: its scripts and styles will not load.`);
      console.error(`Serve it with BASE_PATH=${builtFor}, or build again with the BASE_PATH you want.`);
    }
    console.log(`Serving the chapter at http://localhost:${actual}${base}`);
  });
}

listen(wantedPort);
