import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_SETTINGS, STAGES } from '@authlab/server/stages';
import { createTestApp, type TestApp } from '@authlab/server/testing';

/** The lesson server as `npm start` runs it (production numbers), on an ephemeral loopback port. */
export interface LiveLab {
  serverUrl: string;
  close(): Promise<void>;
}

/**
 * Every default, bcrypt cost included, since the lessons quote the numbers production publishes;
 * a lower `bcryptCost` only makes a run that replays requests quicker.
 */
export async function startLiveLab(options: { bcryptCost?: number } = {}): Promise<LiveLab> {
  const lab: TestApp = createTestApp({ settings: { ...DEFAULT_SETTINGS, ...options } });
  const server = await new Promise<Server>((resolve) => {
    const listening = lab.app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    serverUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) =>
        server.close(() => {
          lab.close();
          resolve();
        }),
      ),
  };
}

export type Policy = ReturnType<(typeof STAGES)[number]['policy']>;

/** A stage's `policy` exactly as `GET /api/stages/:stage` publishes it. */
export async function publishedPolicy(lab: LiveLab, stage: string): Promise<Policy> {
  const response = await fetch(`${lab.serverUrl}/api/stages/${stage}`);
  if (!response.ok) throw new Error(`GET /api/stages/${stage} answered ${response.status}`);
  return ((await response.json()) as { policy: Policy }).policy;
}
