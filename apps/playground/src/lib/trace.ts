/**
 * Finds, in a mermaid flowchart SVG, the elements to light up for an X-Auth-Flow path: each
 * node in turn, and the edge that led to it. mermaid names nodes `<svgId>-flowchart-<id>-<n>`
 * and edges `L_<from>_<to>_<n>` (older versions `L-<from>-<to>`).
 */
export function nodeElement(root: ParentNode, node: string): Element | undefined {
  const pattern = new RegExp(`(^|-)flowchart-${escapeRegExp(node)}-\\d+$`);
  return [...root.querySelectorAll('g.node, g[id*="flowchart-"]')].find((element) => pattern.test(element.id));
}

export function edgeElements(root: ParentNode, from: string, to: string): Element[] {
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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
