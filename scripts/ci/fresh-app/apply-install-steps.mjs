#!/usr/bin/env node
// Applies docs/install.md to an app, literally: every fenced block preceded by a marker
//   <!-- fresh-app: <op> [<file> [| <anchor>]] -->          (every variant)
//   <!-- fresh-app <variant>: <op> [<file> [| <anchor>]] -->  (that variant only, e.g. legacy)
// in page order, and nothing that is not marked. Ops:
//   run                               the block as a bash script, in the app's root
//   write <file>                      a new file with the block as its content
//   prepend <file>                    the block at the top of the file
//   insert-before <file> | <anchor>   the block before the first line containing <anchor>,
//                                     indented like that line
//   replace-statement <file> | <text> the top-level statement containing <text> (which may span
//                                     lines, like `backend.add(\n  import('…'),\n);`) by the block
// Any marker it cannot apply fails the run, so the page cannot drift from what is tested.
//
//   node apply-install-steps.mjs <install.md> <app dir> [variant]
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [doc, appDir, variant = 'default'] = process.argv.slice(2);

const MARKER =
  /<!-- fresh-app(?: ([a-z-]+))?: ([a-z-]+)(?: ([^\s|]+))?(?: \| ([^\n]+?))? -->[ \t]*\n[ \t]*\n?(`{3,})[\w-]*\n([\s\S]*?)\n\5[ \t]*(?:\n|$)/g;

export function parseSteps(markdown) {
  const steps = [];
  for (const m of markdown.matchAll(MARKER)) {
    const [, only, op, file, anchor, , body] = m;
    steps.push({ only, op, file: file?.trim(), anchor: anchor?.trim(), body });
  }
  const markers =
    markdown.match(/<!-- fresh-app(?: [a-z-]+)?: [a-z]/g)?.length ?? 0;
  if (markers !== steps.length)
    throw new Error(
      `${markers} fresh-app markers, but only ${steps.length} are followed by a fenced block`,
    );
  return steps;
}

const read = file => {
  const path = join(appDir, file);
  if (!existsSync(path)) throw new Error(`${file} does not exist in the app`);
  return readFileSync(path, 'utf8');
};

function insertBefore(file, anchor, body) {
  const lines = read(file).split('\n');
  const at = lines.findIndex(l => l.includes(anchor));
  if (at < 0)
    throw new Error(`${file} has no line containing ${JSON.stringify(anchor)}`);
  const indent = /^\s*/.exec(lines[at])[0];
  const block = body.split('\n').map(l => (l ? indent + l : l));
  lines.splice(at, 0, ...block);
  writeFileSync(join(appDir, file), lines.join('\n'));
}

function replaceStatement(file, text, body) {
  const source = read(file);
  const hit = source.indexOf(text);
  if (hit < 0)
    throw new Error(`${file} does not contain ${JSON.stringify(text)}`);
  const lines = source.split('\n');
  const hitLine = source.slice(0, hit).split('\n').length - 1;
  // a top-level statement starts on an unindented line and ends at the first `;` line after it
  const topLevel = l => /^\S/.test(l) && !/^(\/\/|\/\*|\*)/.test(l);
  let start = hitLine;
  while (start > 0 && !topLevel(lines[start])) start--;
  let end = hitLine;
  while (end < lines.length && !lines[end].trimEnd().endsWith(';')) end++;
  if (end === lines.length)
    throw new Error(
      `no end of the statement around line ${hitLine + 1} of ${file}`,
    );
  lines.splice(start, end - start + 1, ...body.split('\n'));
  writeFileSync(join(appDir, file), lines.join('\n'));
}

function apply(step) {
  switch (step.op) {
    case 'run':
      execFileSync('bash', ['-euo', 'pipefail', '-c', step.body], {
        cwd: appDir,
        stdio: 'inherit',
      });
      return;
    case 'write':
      if (existsSync(join(appDir, step.file)))
        throw new Error(`${step.file} already exists`);
      writeFileSync(join(appDir, step.file), `${step.body}\n`);
      return;
    case 'prepend':
      writeFileSync(
        join(appDir, step.file),
        `${step.body}\n${read(step.file)}`,
      );
      return;
    case 'insert-before':
      insertBefore(step.file, step.anchor, step.body);
      return;
    case 'replace-statement':
      replaceStatement(step.file, step.anchor, step.body);
      return;
    default:
      throw new Error(`unknown fresh-app op "${step.op}"`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!doc || !appDir) {
    console.error(
      'usage: apply-install-steps.mjs <install.md> <app dir> [variant]',
    );
    process.exit(2);
  }
  const steps = parseSteps(readFileSync(doc, 'utf8'));
  const mine = steps.filter(s => !s.only || s.only === variant);
  if (!mine.length)
    throw new Error(`no fresh-app steps for variant ${variant}`);
  for (const [i, step] of mine.entries()) {
    const where = step.file
      ? ` ${step.file}${step.anchor ? ` | ${step.anchor}` : ''}`
      : '';
    console.log(`install.md step ${i + 1}/${mine.length}: ${step.op}${where}`);
    apply(step);
  }
}
