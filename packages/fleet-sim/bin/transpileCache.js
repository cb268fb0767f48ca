'use strict';
/*
 * Transpiling fleet-sim's ~180 source files took seconds of every start. Each output is kept under
 * a hash of its input (TypeScript version, options, path, source), so a changed file or another
 * TypeScript is a miss and is transpiled again. Writes go through a rename, so a concurrent start
 * never reads half a file; a cache that cannot be written only costs the next start the transpile.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

/**
 * @param {{ cacheDir: string, tsVersion: string, compilerOptions: object, typescript: () => any }} options
 *   `typescript` loads the compiler on the first miss only (it is 9 MB of JavaScript)
 * @returns {(filename: string, source: string) => string} the CommonJS output for a source file
 */
function createTranspiler({
  cacheDir,
  tsVersion,
  compilerOptions,
  typescript,
}) {
  const optionsText = JSON.stringify(compilerOptions);
  return function transpiled(filename, source) {
    const key = crypto
      .createHash('sha256')
      .update(`${tsVersion}\0${optionsText}\0${filename}\0${source}`)
      .digest('hex');
    const cached = path.join(cacheDir, `${key}.js`);
    try {
      return fs.readFileSync(cached, 'utf8');
    } catch {
      // a miss: transpile below
    }
    const { outputText } = typescript().transpileModule(source, {
      compilerOptions,
      fileName: filename,
    });
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      const partial = `${cached}.${process.pid}.tmp`;
      fs.writeFileSync(partial, outputText);
      fs.renameSync(partial, cached);
    } catch {
      // read-only or full temp dir: still correct, only slower next time
    }
    return outputText;
  };
}

module.exports = { createTranspiler };
