/**
 * Enough of a Dockerfile reader for the tests to check what can drift from the code: stages,
 * and each instruction with its arguments. Comments go, continued lines are joined; exec-form
 * arguments (a JSON array) are parsed, shell-form ones kept as one string.
 */

export interface Instruction {
  keyword: string;
  /** Everything after the keyword, continuations joined. */
  text: string;
  /** For exec form (`CMD ["node", "x"]`), the array; otherwise undefined. */
  exec: string[] | undefined;
}

export interface Stage {
  /** `FROM <image> AS <name>`. */
  image: string;
  name: string | undefined;
  instructions: Instruction[];
}

export function readDockerfile(source: string): Stage[] {
  const lines = source
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, keyword = '', text = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const instruction: Instruction = { keyword: keyword.toUpperCase(), text, exec: execForm(text) };
    if (instruction.keyword === 'FROM') {
      const [image = '', as, name] = text.split(/\s+/);
      stages.push({ image, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else {
      const stage = stages.at(-1);
      if (stage === undefined) throw new Error(`"${line}" comes before any FROM`);
      stage.instructions.push(instruction);
    }
  }
  return stages;
}

function execForm(text: string): string[] | undefined {
  const json = /(\[.*\])\s*$/.exec(text)?.[1];
  if (json === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) && parsed.every((entry) => typeof entry === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** `ENV A=1 B=2` (the only form the Dockerfile uses) as a record, over every ENV of the stage. */
export function stageEnv(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { text } of stage.instructions.filter(({ keyword }) => keyword === 'ENV')) {
    for (const [, name = '', value = ''] of text.matchAll(/(\w+)=(\S+)/g)) env[name] = value;
  }
  return env;
}
