/*
 * The links between the README and the platform-team pages: every relative link names a file
 * that exists and, with `#anchor`, a heading of that file (GitHub's anchors), so a renamed
 * section or page cannot leave a dead link behind.
 */
import { existsSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { REPO_ROOT, repoFile } from './docsMarkdown';

const PAGES = [
  'README.md',
  'docs/architecture.md',
  'docs/cluster-access.md',
  'docs/operations.md',
  'docs/security.md',
  'docs/vault.md',
];

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^(`{3,}|~{3,})/.test(line)) fenced = !fenced;
    else if (!fenced && /^#{1,6} /.test(line))
      out.add(anchorOf(line.replace(/^#+ /, '')));
  }
  return out;
}

/** `[text](target)` links outside code, images left out (the screenshots are retaken elsewhere). */
function links(markdown: string): string[] {
  const prose = markdown.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1/gm, '');
  return [...prose.matchAll(/(?<!!)\[[^\]]*\]\(([^)\s]+)\)/g)].map(m => m[1]);
}

describe('links between the docs', () => {
  it.each(PAGES)('%s links only to files and headings that exist', page => {
    const dead: string[] = [];
    for (const target of links(repoFile(page))) {
      if (/^[a-z]+:/.test(target)) continue;
      const [path, anchor] = target.split('#');
      const file = path
        ? normalize(join(dirname(page), decodeURIComponent(path)))
        : page;
      if (!existsSync(join(REPO_ROOT, file))) {
        dead.push(`${target} (no ${file})`);
        continue;
      }
      if (
        anchor &&
        file.endsWith('.md') &&
        !anchors(repoFile(file)).has(anchor)
      )
        dead.push(`${target} (no heading #${anchor} in ${file})`);
    }
    expect(dead).toEqual([]);
  });
});
