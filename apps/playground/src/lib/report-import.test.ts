import type { CheckReportFile } from '@authlab/contract';
import { describe, expect, it } from 'vitest';
import { MAX_REPORT_BYTES, readCheckReport } from './report-import.ts';

const REPORT: CheckReportFile = {
  format: 'authlab-check-report',
  version: 1,
  target: { name: 'My API', url: 'http://127.0.0.1:8080' },
  startedAt: '2026-12-03T17:00:00.000Z',
  waitedSeconds: 0,
  results: [
    {
      id: 'no-plaintext-storage',
      title: 'Passwords are not stored as typed',
      hint: 'Hash them.',
      status: 'pass',
      requests: 2,
      evidence: { explanation: 'Stored values are bcrypt hashes.', exchanges: [] },
    },
  ],
};

describe('readCheckReport', () => {
  it('reads a report the CLI wrote', () => {
    const read = readCheckReport(JSON.stringify(REPORT));
    expect(read).toEqual({ ok: true, report: REPORT });
  });

  it('says a file that is not JSON is not JSON', () => {
    const read = readCheckReport('version: 1\nregister: {}');
    expect(read.ok === false && read.problems[0]).toMatch(/^not JSON/);
  });

  it('says other JSON, such as an API description, is not a check report', () => {
    const read = readCheckReport(JSON.stringify({ version: 1, register: { path: '/register' } }));
    expect(read.ok === false && read.problems).toEqual([expect.stringMatching(/^not an AuthLab check report/)]);
  });

  it('names where a damaged report goes wrong', () => {
    const damaged = { ...REPORT, results: [{ ...REPORT.results[0], id: 'no-such-check', requests: -1 }] };
    const read = readCheckReport(JSON.stringify(damaged));
    expect(read.ok === false && read.problems).toEqual([expect.stringMatching(/^results\.0\.id: /), expect.stringMatching(/^results\.0\.requests: /)]);
  });

  it('refuses a file larger than any report before parsing it', () => {
    const read = readCheckReport(' '.repeat(MAX_REPORT_BYTES + 1));
    expect(read.ok === false && read.problems[0]).toMatch(/larger than/);
  });
});
