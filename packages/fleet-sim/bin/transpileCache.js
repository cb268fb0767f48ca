'use strict';
/*
 * Compiling fleet-sim's ~190 source files on every start took seconds. Each output is kept under a
 * hash of its input (compiler and version, options, path, source), so a changed file or another
 * compiler is a miss and is compiled again. Writes go through a rename, so a concurrent start never
 * reads half a file; a cache that cannot be written only costs the next start the compile.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

/**
 * @param {{
 *   cacheDir: string,
 *   compilerId: string,
 *   options: object,
 *   compile: (source: string, filename: string, options: object) => string,
 * }} settings  `compile` is only called on a miss (loading a compiler costs time too)
 * @returns {(filename: string, source: string) => string} the CommonJS output for a source file
 */
function createTranspiler({ cacheDir, compilerId, options, compile }) {
  const settingsText = `${compilerId}\0${JSON.stringify(options)}`;
  return function transpiled(filename, source) {
    const key = crypto
      .createHash('sha256')
      .update(`${settingsText}\0${filename}\0${source}`)
      .digest('hex');
    const cached = path.join(cacheDir, `${key}.js`);
    try {
      return fs.readFileSync(cached, 'utf8');
    } catch {
      // a miss: compile below
    }
    const output = compile(source, filename, options);
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      const partial = `${cached}.${process.pid}.tmp`;
      fs.writeFileSync(partial, output);
      fs.renameSync(partial, cached);
    } catch {
      // read-only or full temp dir: still correct, only slower next time
    }
    return output;
  };
}

module.exports = { createTranspiler };
