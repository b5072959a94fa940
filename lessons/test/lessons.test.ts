import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MISTAKE_IDS } from '@authlab/server/stages';
import { CHECK_IDS, STAGES } from './course.ts';
import { LESSONS_DIR, REPO_DIR, checkBullets, includes, readLessonFile, relativeLinks, sections } from './parse.ts';

const STAGE_HEADINGS = ['What this stage does', 'The threat', 'See it yourself', 'The code', 'What the next stage changes', 'Checks that prove it'];

const ALL_FOLDERS = ['00-intro', ...STAGES.map((stage) => stage.folder), '99-whats-next'];

describe.each(STAGES)('the $id lesson', (stage) => {
  const lesson = readLessonFile(stage.folder, 'lesson.md');
  const parts = sections(lesson);

  it('has the six stage sections, in order', () => {
    expect([...parts.keys()]).toEqual(STAGE_HEADINGS);
  });

  it('shows the attack in the playground and with curl against this stage', () => {
    const see = parts.get('See it yourself') ?? '';
    expect(see).toContain('In the playground');
    expect(see).toContain(`http://127.0.0.1:3000/api/stages/${stage.id}`);
    expect(see).toMatch(/```sh\n[\s\S]*curl /);
  });

  // Three regions at most keep a lesson focused; the hardened stage, with six defences, may show four.
  const maxIncludes = stage.id === 'lockout' ? 4 : 3;
  it(`includes one to ${maxIncludes} regions of its own stage file, in the agreed form`, () => {
    const { valid, malformed } = includes(lesson);
    expect(malformed).toEqual([]);
    expect(valid.length).toBeGreaterThanOrEqual(1);
    expect(valid.length).toBeLessThanOrEqual(maxIncludes);
    for (const include of valid) {
      expect(include.file).toBe(`apps/server/src/stages/${stage.serverFile}`);
      expect(stage.regions).toContain(include.region);
    }
    expect((parts.get('The code') ?? '').match(/<!-- include: /g)?.length).toBe(valid.length);
  });

  const serverFile = path.join(REPO_DIR, 'apps/server/src/stages', stage.serverFile);
  it('includes regions that the stage file marks with // #region', () => {
    const source = readFileSync(serverFile, 'utf8');
    for (const { region } of includes(lesson).valid) {
      expect(source).toMatch(new RegExp(`^\\s*// #region ${region}\\s*$`, 'm'));
    }
  });

  it("states every check's verdict, matching the stage's expected profile", () => {
    const bullets = checkBullets(parts.get('Checks that prove it') ?? '');
    expect([...bullets.keys()].sort()).toEqual([...CHECK_IDS].sort());
    expect(Object.fromEntries(bullets)).toEqual(stage.profile);
  });
});

describe('the intro', () => {
  const intro = readLessonFile('00-intro', 'lesson.md');

  it('names the OWASP entry and both halves of access control', () => {
    expect(intro).toContain('API2:2023 Broken Authentication');
    expect(intro).toMatch(/authentication/i);
    expect(intro).toMatch(/authorization/i);
    expect(intro).toContain('HIPAA');
  });

  it('has a common-mistakes table whose checks all exist', () => {
    const header = '| Mistake | Stage that shows it | Check that catches it |';
    expect(intro).toContain(header);
    const rows = intro.split(header)[1]?.split('\n\n')[0]?.split('\n').slice(2) ?? [];
    expect(rows.length).toBeGreaterThanOrEqual(6);
    for (const row of rows) {
      const checks = [...(row.split('|')[3] ?? '').matchAll(/`([^`]+)`/g)].map((match) => match[1]);
      expect(checks.length).toBeGreaterThan(0);
      for (const check of checks) expect(CHECK_IDS).toContain(check);
    }
  });
});

describe('the what-next lesson', () => {
  it('introduces object-level authorization by its OWASP name', () => {
    expect(readLessonFile('99-whats-next', 'lesson.md')).toContain('API1:2023 Broken Object Level Authorization');
  });
});

describe.each(ALL_FOLDERS)('%s', (folder) => {
  it('links only to files that exist', () => {
    for (const target of relativeLinks(readLessonFile(folder, 'lesson.md'))) {
      expect(existsSync(path.resolve(LESSONS_DIR, folder, target)), target).toBe(true);
    }
  });

  it('mentions only known practice checks (or instructor mistakes)', () => {
    const looksLikeCheck = /`([a-z0-9]+(?:-[a-z0-9]+)+)`/g;
    const known = new Set<string>([...CHECK_IDS, ...MISTAKE_IDS, ...STAGES.flatMap((stage) => stage.regions)]);
    const mentioned = [...readLessonFile(folder, 'lesson.md').matchAll(looksLikeCheck)].map((match) => match[1] ?? '');
    const unknown = mentioned.filter((id) => !known.has(id) && /(hash|storage|token|error|timing|lockout|limit|policy|truncation|resent|rejected|single-use)/.test(id));
    expect(unknown).toEqual([]);
  });
});
