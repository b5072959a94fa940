import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const LESSONS_DIR = fileURLToPath(new URL('..', import.meta.url));
export const REPO_DIR = path.resolve(LESSONS_DIR, '..');

export function readLessonFile(folder: string, name: string): string {
  return readFileSync(path.join(LESSONS_DIR, folder, name), 'utf8');
}

/** Level-2 headings in order, and the text under each one. */
export function sections(markdown: string): Map<string, string> {
  const result = new Map<string, string>();
  let current: string | undefined;
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) inFence = !inFence;
    const heading = inFence ? null : /^## (.+)$/.exec(line);
    if (heading?.[1] !== undefined) {
      current = heading[1].trim();
      result.set(current, '');
    } else if (current !== undefined) {
      result.set(current, `${result.get(current)}${line}\n`);
    }
  }
  return result;
}

export interface Include {
  line: string;
  file: string;
  region: string;
}

/** Lines that mention an include, parsed when they have exactly the agreed form. */
export function includes(markdown: string): { valid: Include[]; malformed: string[] } {
  const valid: Include[] = [];
  const malformed: string[] = [];
  for (const line of markdown.split('\n')) {
    if (!line.includes('include:')) continue;
    const match = /^<!-- include: ([\w./-]+)#([\w-]+) -->$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) valid.push({ line, file: match[1], region: match[2] });
    else malformed.push(line);
  }
  return { valid, malformed };
}

/** The `- \`check-id\` — **verdict**: ...` bullets of a "Checks that prove it" section. */
export function checkBullets(section: string): Map<string, string> {
  const result = new Map<string, string>();
  for (const line of section.split('\n')) {
    const match = /^- `([a-z0-9-]+)` — \*\*(passes|fails|n\/a)\*\*: \S/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) result.set(match[1], match[2]);
    else if (line.startsWith('- ')) result.set(`malformed: ${line}`, '');
  }
  return result;
}

/** Targets of relative markdown links, such as `../01-plaintext/lesson.md`. */
export function relativeLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] ?? '').filter((target) => !/^[a-z]+:/.test(target) && !target.startsWith('#'));
}

export interface Flowchart {
  direction: string | undefined;
  nodes: Set<string>;
  /** `from>to` for every `-->` edge. */
  solidEdges: Set<string>;
  /** `from>to` for every `-.->` edge. */
  dottedEdges: Set<string>;
}

const NODE = /^([A-Za-z][A-Za-z0-9_]*)\s*(?:\[|\{|\(|$)/;
const EDGE = /^([A-Za-z][A-Za-z0-9_]*)\s*(-->|-\.->)\s*(?:\|[^|]*\|\s*)?([A-Za-z][A-Za-z0-9_]*)/;

/** Just enough of Mermaid's flowchart syntax to list nodes and edges: ids, `-->`, `-.->`, `~~~`. */
export function parseFlowchart(source: string): Flowchart {
  const chart: Flowchart = { direction: undefined, nodes: new Set(), solidEdges: new Set(), dottedEdges: new Set() };
  for (const raw of source.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('%%') || line === 'end' || line.startsWith('subgraph ')) continue;
    const header = /^flowchart\s+(\w+)$/.exec(line);
    if (header) {
      chart.direction = header[1];
      continue;
    }
    // `X ~~~ Y` is an invisible link, used only to steer the layout.
    if (/^[A-Za-z]\w*\s*~~~\s*[A-Za-z]\w*$/.test(line)) continue;
    const edge = EDGE.exec(line);
    if (edge?.[1] !== undefined && edge[3] !== undefined) {
      chart.nodes.add(edge[1]).add(edge[3]);
      (edge[2] === '-->' ? chart.solidEdges : chart.dottedEdges).add(`${edge[1]}>${edge[3]}`);
      continue;
    }
    const node = NODE.exec(line);
    if (node?.[1] !== undefined) chart.nodes.add(node[1]);
    else throw new Error(`flowchart line not understood: ${raw}`);
  }
  return chart;
}
