/*
 * Reading the platform-team docs (docs/*.md) from tests, so that what they show is what the code
 * ships: a fenced block marked with `<!-- docs-test: <name> -->` on the line before it, and the
 * rows of a Markdown table. Only the docs tests use this.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

// eslint-disable-next-line no-restricted-syntax
export const REPO_ROOT = resolve(__dirname, '../../../..');

export function repoFile(path: string): string {
  return readFileSync(join(REPO_ROOT, path), 'utf8');
}

/** The body of the fenced block right after `<!-- docs-test: name -->`; throws when absent or not unique. */
export function markedBlock(markdown: string, name: string): string {
  const marker = `<!-- docs-test: ${name} -->`;
  const parts = markdown.split(marker);
  if (parts.length !== 2)
    throw new Error(
      `expected exactly one "${marker}", found ${parts.length - 1}`,
    );
  const match = /^\s*\n(`{3,})[\w-]*\n([\s\S]*?)\n\1[ \t]*(\n|$)/.exec(
    parts[1],
  );
  if (!match)
    throw new Error(`"${marker}" is not followed by a fenced code block`);
  return match[2];
}

/** The text between a heading (any level, exact title) and the next heading of that level or above. */
export function section(markdown: string, title: string): string {
  const lines = markdown.split('\n');
  const start = lines.findIndex(
    l => /^#{1,6} /.test(l) && l.replace(/^#+ /, '') === title,
  );
  if (start < 0) throw new Error(`no heading "${title}"`);
  const level = lines[start].indexOf(' ');
  const end = lines.findIndex(
    (l, i) => i > start && /^#{1,6} /.test(l) && l.indexOf(' ') <= level,
  );
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

/** Rows of the Markdown tables in `text` (header and separator rows left out), cells trimmed. */
export function tableRows(text: string): string[][] {
  const rows: string[][] = [];
  let header = true;
  for (const line of text.split('\n')) {
    if (!line.startsWith('|')) {
      header = true;
      continue;
    }
    if (/^\|[\s:|-]+\|$/.test(line)) continue;
    if (header) {
      header = false;
      continue;
    }
    rows.push(
      line
        .slice(
          1,
          line.trimEnd().endsWith('|') ? line.trimEnd().length - 1 : undefined,
        )
        .split('|')
        .map(c => c.trim()),
    );
  }
  return rows;
}

/** The `code` spans of a cell, in order. */
export function codeSpans(cell: string): string[] {
  return [...cell.matchAll(/`([^`]*)`/g)].map(m => m[1]);
}
