/**
 * Every relative link in README.md, CHANGELOG.md and docs/*.md resolves: to a file or folder of
 * the repository, and when it names an anchor (`page.md#section`), to a heading of that page,
 * as GitHub makes heading anchors. Links inside code blocks and code spans are not links.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../cli/helpers.js';

/** The JSON Schemas are being written beside this work; links into docs/schema/ are checked once it exists. */
const SCHEMA_DIR = join(ROOT, 'docs/schema');

const PAGES = ['README.md', 'CHANGELOG.md', ...readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).sort().map((name) => `docs/${name}`)];

/** The text outside fenced code blocks (fence lines and their content blanked, line count kept). */
function prose(text: string): string {
  let fence: string | null = null;
  return text
    .split('\n')
    .map((line) => {
      const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
      if (fence === null && marker !== undefined) {
        fence = marker;
        return '';
      }
      if (fence !== null) {
        if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = null;
        return '';
      }
      return line;
    })
    .join('\n');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens (github-slugger). */
function slug(heading: string): string {
  const text = heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*]/g, '')
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** The anchors of a Markdown page, repeated headings numbered as GitHub does (x, x-1, x-2). */
function anchorsOf(text: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const match of prose(text).matchAll(/^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$/gm)) {
    const base = slug(match[1] ?? '');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

interface Link {
  readonly page: string;
  readonly line: number;
  readonly target: string;
}

function linksOf(page: string, text: string): Link[] {
  const links: Link[] = [];
  prose(text)
    .split('\n')
    .forEach((line, index) => {
      const withoutCode = line.replace(/`+[^`]*`+/g, '');
      for (const match of withoutCode.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
        links.push({ page, line: index + 1, target: match[1] ?? '' });
      }
    });
  return links;
}

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target);

/** Why a link does not resolve, or null when it does. */
function problem(link: Link): string | null {
  const [path = '', anchor] = link.target.split('#', 2);
  const file = path === '' ? join(ROOT, link.page) : resolve(dirname(join(ROOT, link.page)), decodeURI(path));
  if (relative(ROOT, file).startsWith('..')) return 'points outside the repository';
  if (!existsSync(file)) return 'no such file or folder';
  if (anchor === undefined || anchor === '') return null;
  if (!statSync(file).isFile() || !file.endsWith('.md')) return 'an anchor into something that is not a Markdown page';
  return anchorsOf(readFileSync(file, 'utf8')).has(decodeURIComponent(anchor)) ? null : `no heading with the anchor #${anchor}`;
}

const links = PAGES.flatMap((page) => linksOf(page, readFileSync(join(ROOT, page), 'utf8'))).filter((link) => !isExternal(link.target));
const intoSchema = (link: Link) => resolve(dirname(join(ROOT, link.page)), link.target.split('#')[0] ?? '').startsWith(SCHEMA_DIR);

describe('relative links in README.md, CHANGELOG.md and docs/', () => {
  it('makes anchors as GitHub does', () => {
    expect(slug('Pareto / top performers')).toBe('pareto--top-performers');
    expect(slug('Config (`dealmath.yaml`)')).toBe('config-dealmathyaml');
    expect(slug('Validation (pipeline integrity)')).toBe('validation-pipeline-integrity');
    expect([...anchorsOf('# A\n```\n# not a heading\n```\n## A\n## A b\n')]).toEqual(['a', 'a-1', 'a-b']);
  });

  it('finds the links (the README links the reference pages)', () => {
    const fromReadme = links.filter((link) => link.page === 'README.md').map((link) => link.target);
    expect(fromReadme).toEqual(expect.arrayContaining(['docs/metrics.md', 'docs/commands.md', 'docs/schema/', 'CHANGELOG.md', 'docs/commands.md#report']));
  });

  it('every link resolves to a file, folder or heading that exists', () => {
    const broken = links.filter((link) => !intoSchema(link)).flatMap((link) => {
      const why = problem(link);
      return why === null ? [] : [`${link.page}:${link.line}: ${link.target}: ${why}`];
    });
    expect(broken).toEqual([]);
  });

  it.skipIf(!existsSync(SCHEMA_DIR))('every link into docs/schema/ resolves', () => {
    const broken = links.filter(intoSchema).flatMap((link) => {
      const why = problem(link);
      return why === null ? [] : [`${link.page}:${link.line}: ${link.target}: ${why}`];
    });
    expect(broken).toEqual([]);
  });
});
