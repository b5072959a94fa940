import type { Reporter, TestCase, TestModule } from 'vitest/node';
import type { Exercise } from '@authlab/contract';
import type { CheckOutcome, ExerciseRun } from './run-record.ts';

export interface ExerciseReporterOptions {
  /** The heading of the summary, e.g. `challenge · starter (lessons/challenge/starter/app.ts)`. */
  label: string;
  exercise: Exercise;
  /** Called after each run with what it found; only for runs of the learner's own code. */
  record?: (run: ExerciseRun) => Promise<void>;
}

function outcomeOf(testCase: TestCase): CheckOutcome {
  const { state } = testCase.result();
  return state === 'passed' ? 'pass' : state === 'failed' ? 'fail' : 'skipped';
}

/** Prints, after each run, a hint per failing check and the "4/9 checks pass" progress line. */
export class ExerciseReporter implements Reporter {
  constructor(private readonly options: ExerciseReporterOptions) {}

  async onTestRunEnd(testModules: readonly TestModule[]): Promise<void> {
    const cases: TestCase[] = testModules.flatMap((module) => [...module.children.allTests()]);
    const checks = cases.filter((testCase) => testCase.meta().checkId !== undefined);
    const others = cases.filter((testCase) => testCase.meta().checkId === undefined);
    const passed = (list: TestCase[]): number => list.filter((testCase) => testCase.result().state === 'passed').length;

    const lines = ['', `── ${this.options.label} ──`];
    for (const testCase of checks) {
      const ok = testCase.result().state === 'passed';
      lines.push(`${ok ? '✓' : '✗'} ${testCase.name}`);
      if (!ok) lines.push(`    hint: ${testCase.meta().hint ?? ''}`);
    }
    lines.push('', `${passed(checks)}/${checks.length} checks pass · ${passed(others)}/${others.length} exercise tests pass`, '');
    process.stdout.write(lines.join('\n'));

    await this.options.record?.({
      exercise: this.options.exercise,
      checks: checks.flatMap((testCase) => {
        const id = testCase.meta().checkId;
        return id === undefined ? [] : [{ id, outcome: outcomeOf(testCase) }];
      }),
      tests: { passed: passed(others), total: others.length },
    });
  }
}
