import type { Response } from 'express';

/**
 * Flowchart node ids, shared with every lesson's `flow.mmd`. A–I are the common path;
 * the rest are what individual stages add.
 */
export const FLOW_NODES = {
  A: 'Client',
  B: 'Send credentials',
  C: 'Authenticate',
  D: 'Issue token or session',
  E: '401 Unauthorized',
  F: 'Call API with token',
  G: 'Token valid?',
  H: 'Return records',
  I: '401 Token expired',
  REG: 'Store credentials',
  BAD: 'Input rejected',
  REFRESH: 'Rotate refresh token',
  REVOKE: 'Revoke session',
  LOCK: '423 Locked',
  LIMIT: '429 Rate limited',
  REHASH: 'Upgrade stored hash',
  LEAK: 'Breach dump',
  RESET: 'Reset stage',
  COOKIE: 'Set session cookie',
  NOSESSION: '403 No session',
  CSRF: '403 Cross-site refused',
  EMAIL: 'Recovery email',
} as const;

export type FlowNode = keyof typeof FLOW_NODES;

export const FLOW_HEADER = 'X-Auth-Flow';

/** Appends the nodes a request just passed through to its `X-Auth-Flow` header. */
export function trace(res: Response, ...nodes: FlowNode[]): void {
  const current = res.getHeader(FLOW_HEADER);
  const path = typeof current === 'string' && current !== '' ? [current, ...nodes] : nodes;
  res.setHeader(FLOW_HEADER, path.join(','));
}
