/**
 * Finds, in a mermaid flowchart SVG, the elements to light up for an X-Auth-Flow path: each
 * node in turn, and the edge that led to it. mermaid names nodes `<svgId>-flowchart-<id>-<n>`
 * and edges `L_<from>_<to>_<n>` (older versions `L-<from>-<to>`).
 */
function nodeElement(root: ParentNode, node: string): Element | undefined {
  const pattern = new RegExp(`(^|-)flowchart-${escapeRegExp(node)}-\\d+$`);
  return [...root.querySelectorAll('g.node, g[id*="flowchart-"]')].find((element) => pattern.test(element.id));
}

function edgeElements(root: ParentNode, from: string, to: string): Element[] {
  const pattern = new RegExp(`(^|-)L[-_]${escapeRegExp(from)}[-_]${escapeRegExp(to)}([-_]\\d+)?$`);
  return [...root.querySelectorAll('path[id], g[id]')].filter((element) => pattern.test(element.id));
}

/** One entry per step: the node, plus the edge into it from the previous node. */
export function traceSteps(root: ParentNode, path: readonly string[]): Element[][] {
  return path.map((node, index) => {
    const previous = index > 0 ? path[index - 1] : undefined;
    const edges = previous === undefined ? [] : edgeElements(root, previous, node);
    const element = nodeElement(root, node);
    return element === undefined ? edges : [element, ...edges];
  });
}

/** SVG units added above the drawing for the top row's ids. */
const ID_ROOM = 20;

/**
 * Writes each node's id (`A`, `LOCK`, ...) just above its box, so the paths the lessons and the
 * trace caption spell out ("A → F → G → H") can be found on the chart. Returns how many it wrote.
 */
export function labelNodeIds(root: SVGSVGElement): number {
  let written = 0;
  for (const node of root.querySelectorAll<SVGGElement>('g.node')) {
    const id = /(?:^|-)flowchart-(.+)-\d+$/.exec(node.id)?.[1];
    if (id === undefined || node.querySelector('.node-id') !== null) continue;
    // The whole node's box, in its own coordinates: a diamond's polygon carries a transform of
    // its own that its getBBox() would leave out; the label sits inside the shape anyway.
    const box = node.getBBox();
    const text = document.createElementNS('http://www.w3.org/2000/svg', 'text');
    text.setAttribute('class', 'node-id');
    // Centred above the shape: for a diamond that is its top corner, for a box its top edge.
    text.setAttribute('x', String(box.x + box.width / 2));
    text.setAttribute('y', String(box.y - 4));
    text.setAttribute('text-anchor', 'middle');
    text.textContent = id;
    node.append(text);
    written += 1;
  }
  // Room above the top row for its ids, which would otherwise fall outside the drawing.
  const view = root.viewBox.baseVal;
  if (written > 0 && view.height > 0) {
    root.setAttribute('viewBox', `${view.x} ${view.y - ID_ROOM} ${view.width} ${view.height + ID_ROOM}`);
    const height = Number.parseFloat(root.getAttribute('height') ?? '');
    if (Number.isFinite(height)) root.setAttribute('height', String(height + ID_ROOM));
  }
  return written;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
