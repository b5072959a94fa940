import { describe, expect, it } from 'vitest';
import { SHARED_NODES, STAGES, flowPaths } from './course.ts';
import { parseFlowchart, readLessonFile } from './parse.ts';

const OPTIONAL_NODES = ['REVOKE', 'REFRESH', 'LOCK', 'LIMIT', 'REHASH', 'COOKIE', 'EMAIL', 'NOSESSION', 'CSRF'];

describe.each(STAGES)('the $id flowchart', (stage) => {
  const source = readLessonFile(stage.folder, 'flow.mmd');
  const chart = parseFlowchart(source);

  it('is a left-to-right flowchart, which fits beside the lesson in the playground', () => {
    expect(chart.direction).toBe('LR');
  });

  it("has the shared node ids plus exactly the stage's own", () => {
    const expected = [...SHARED_NODES, ...stage.extraNodes].sort();
    const present = [...chart.nodes].sort();
    expect(present).toEqual(expected);
    for (const node of OPTIONAL_NODES.filter((id) => !stage.extraNodes.includes(id))) {
      expect(chart.nodes.has(node)).toBe(false);
    }
  });

  it.each(flowPaths(stage).map((steps) => [steps.join(',')]))('draws every step of the path %s', (pathIds) => {
    const steps = pathIds.split(',');
    for (let index = 1; index < steps.length; index += 1) {
      expect(chart.solidEdges, `${steps[index - 1]} --> ${steps[index]}`).toContain(`${steps[index - 1]}>${steps[index]}`);
    }
  });

  it('quotes every label that contains punctuation', () => {
    const edgeLabels = [...source.matchAll(/\|([^|]*)\|/g)].map((match) => match[1] ?? '');
    const nodeLabels = [...source.matchAll(/\b[A-Za-z]\w*(?:\[([^\]]*)\]|\{([^}]*)\})/g)].map((match) => match[1] ?? match[2] ?? '');
    const unquoted = [...edgeLabels, ...nodeLabels].filter((label) => !/^".*"$/.test(label));
    expect(unquoted.filter((label) => /[^\w ]/.test(label))).toEqual([]);
  });
});
