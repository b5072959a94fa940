import type { Reporter, TestCase, TestModule } from 'vitest/node';

/** Prints, after each run, a hint per failing check and the "4/9 checks pass" progress line. */
export class ExerciseReporter implements Reporter {
  constructor(private readonly label: string) {}

  onTestRunEnd(testModules: readonly TestModule[]): void {
    const cases: TestCase[] = testModules.flatMap((module) => [...module.children.allTests()]);
    const checks = cases.filter((testCase) => testCase.meta().checkId !== undefined);
    const others = cases.filter((testCase) => testCase.meta().checkId === undefined);
    const passed = (list: TestCase[]): number => list.filter((testCase) => testCase.result().state === 'passed').length;

    const lines = ['', `── ${this.label} ──`];
    for (const testCase of checks) {
      const ok = testCase.result().state === 'passed';
      lines.push(`${ok ? '✓' : '✗'} ${testCase.name}`);
      if (!ok) lines.push(`    hint: ${testCase.meta().hint ?? ''}`);
    }
    lines.push(
      '',
      `${passed(checks)}/${checks.length} checks pass · ${passed(others)}/${others.length} exercise tests pass`,
      '',
    );
    process.stdout.write(lines.join('\n'));
  }
}
