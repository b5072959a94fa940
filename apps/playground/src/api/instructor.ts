/**
 * The instructor's routes (`/api/classroom/instructor/...`), for the dashboard: loaded with it,
 * never with a learner's first page. The instructor cookie rides along as the workspace one does.
 */
import type { ClassSnapshot } from '@authlab/contract';
import { json, send } from './classroom.ts';

export async function fetchClass(): Promise<ClassSnapshot> {
  return json<ClassSnapshot>(await send('GET', '/api/classroom/instructor/class'));
}

export async function resetLearner(id: string): Promise<void> {
  await send('POST', `/api/classroom/instructor/learners/${encodeURIComponent(id)}/reset`);
}

export async function removeLearner(id: string): Promise<void> {
  await send('POST', `/api/classroom/instructor/learners/${encodeURIComponent(id)}/remove`);
}

export async function changeJoinCode(action: 'rotate' | 'close'): Promise<{ joinCode: string | null; classLink: string | null }> {
  return json(await send('POST', '/api/classroom/instructor/join-code', { action }));
}

export async function setFollow(stage: string | null): Promise<void> {
  await send('POST', '/api/classroom/instructor/follow', { stage });
}

/** A fresh one-time instructor link, for a second device. */
export async function createInstructorLink(): Promise<string> {
  return (await json<{ link: string }>(await send('POST', '/api/classroom/instructor/link'))).link;
}

export function exportURL(format: 'csv' | 'json'): string {
  return `/api/classroom/instructor/export?format=${format}`;
}
