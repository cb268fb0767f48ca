#!/usr/bin/env node
// A read-only npm registry for the packed tarballs of one scope, so that the fresh app installs
// them with the same `yarn add <name>` a user runs against npmjs.com. Every other package still
// comes from the public registry: the app's .yarnrc.yml routes only this scope here.
//
//   node registry.mjs <dir with .tgz files> <file to write the URL to>
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

const [dir, urlFile] = process.argv.slice(2);
if (!dir || !urlFile) {
  console.error('usage: registry.mjs <tarball dir> <url file>');
  process.exit(2);
}

// package.json is the first entry of an npm pack tarball; a tar header is 512 bytes.
function packageJsonOf(tgz) {
  const tar = gunzipSync(tgz);
  for (let at = 0; at + 512 <= tar.length; ) {
    const name = tar.toString('utf8', at, at + 100).replace(/\0.*$/s, '');
    const size =
      parseInt(tar.toString('utf8', at + 124, at + 136).trim(), 8) || 0;
    if (!name) break;
    if (name === 'package/package.json')
      return JSON.parse(tar.toString('utf8', at + 512, at + 512 + size));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error('no package/package.json in tarball');
}

const packages = new Map(); // name -> { manifest, file, bytes }
for (const file of readdirSync(dir).filter(f => f.endsWith('.tgz'))) {
  const bytes = readFileSync(join(dir, file));
  const manifest = packageJsonOf(bytes);
  packages.set(manifest.name, { manifest, file, bytes });
}

const server = createServer((req, res) => {
  // one request per connection: yarn's HTTP client crashes on a kept-alive socket the server closed
  res.setHeader('connection', 'close');
  res.on('finish', () =>
    console.log(`${req.method} ${req.url} ${res.statusCode}`),
  );
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname).slice(
    1,
  );
  const tarball = [...packages.values()].find(p => path === `-/${p.file}`);
  if (tarball) {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(tarball.bytes);
    return;
  }
  const pkg = packages.get(path);
  if (!pkg) {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'not found' }));
    return;
  }
  const { manifest, file, bytes } = pkg;
  const base = `http://${req.headers.host}`;
  const now = new Date().toISOString();
  const version = {
    ...manifest,
    _id: `${manifest.name}@${manifest.version}`,
    dist: {
      tarball: `${base}/-/${file}`,
      shasum: createHash('sha1').update(bytes).digest('hex'),
      integrity: `sha512-${createHash('sha512')
        .update(bytes)
        .digest('base64')}`,
    },
  };
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      _id: manifest.name,
      name: manifest.name,
      'dist-tags': { latest: manifest.version },
      versions: { [manifest.version]: version },
      time: { created: now, modified: now, [manifest.version]: now },
    }),
  );
});

server.listen(0, '127.0.0.1', () => {
  const url = `http://127.0.0.1:${server.address().port}`;
  writeFileSync(urlFile, url);
  console.log(`registry: ${[...packages.keys()].join(', ')} at ${url}`);
});
