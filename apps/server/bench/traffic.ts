/**
 * Every request the simulated class sends goes through one recording fetch: its latency, kept
 * for the non-bcrypt figure, and its status, so that a single 5xx anywhere in the run is seen.
 */

export interface TrafficSample {
  method: string;
  path: string;
  status: number;
  /** From the send until the response headers arrived (the stages send small JSON bodies at once). */
  ms: number;
}

export interface Traffic {
  /** A fetch that records each answer, for createStageTarget and the learners' own requests. */
  fetch: typeof fetch;
  samples: TrafficSample[];
  /** `METHOD path → status` of every 5xx answer, and of every request that got no answer at all. */
  failures: string[];
}

/** Records what `send` (Node's fetch unless given) sends and receives. */
export function recordTraffic(send: typeof fetch = fetch): Traffic {
  const samples: TrafficSample[] = [];
  const failures: string[] = [];
  const recording: typeof fetch = async (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const method = init?.method ?? request?.method ?? 'GET';
    const path = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url).pathname;
    const started = performance.now();
    let response: Response;
    try {
      response = await send(input, init);
    } catch (error) {
      failures.push(`${method} ${path} → ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
    const ms = performance.now() - started;
    samples.push({ method, path, status: response.status, ms });
    if (response.status >= 500) failures.push(`${method} ${path} → ${response.status}`);
    return response;
  };
  return { fetch: recording, samples, failures };
}

/** The stages that keep passwords without bcrypt: a request to them never waits for a hash. */
const LIGHT_STAGES = new Set(['plaintext', 'sha256']);

/**
 * Requests that never run bcrypt: everything on stages 1 and 2, the stage descriptions
 * (`GET /api/stages` and `GET /api/stages/<id>`) and the classroom's own routes (join, status,
 * progress reports). Requests to the bcrypt stages are left out, whatever they were.
 */
export function isLight({ method, path }: TrafficSample): boolean {
  if (path.startsWith('/api/classroom')) return true;
  const [, stage, rest] = /^\/api\/stages(?:\/([^/]+))?(\/.*)?$/.exec(path) ?? [];
  if (stage === undefined) return path === '/api/stages' && method === 'GET';
  return LIGHT_STAGES.has(stage) || (rest === undefined && method === 'GET');
}

/** A login on a stage that keeps bcrypt hashes (stage 3 onwards): one bcrypt compare each. */
export function isBcryptLogin({ method, path }: TrafficSample): boolean {
  const stage = /^\/api\/stages\/([^/]+)\/login$/.exec(path)?.[1];
  return method === 'POST' && stage !== undefined && !LIGHT_STAGES.has(stage);
}
