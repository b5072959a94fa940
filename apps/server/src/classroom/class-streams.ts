import type { ClassSnapshot, ClassroomStatus } from '@authlab/contract';
import type { Request, Response } from 'express';
import { HttpError } from '../http-error.ts';
import { coalesce, openEventStream, type EventStream } from './event-stream.ts';

/**
 * The class's live streams: the dashboard gets a `class` snapshot on every change, each learner's
 * page a `status` (follow-me, joining open, their workspace gone). Both are coalesced, so a
 * class running its checks at once costs a few snapshots a second, not one per report.
 */

/** Learner streams the whole class may hold; the instructor's have their own room. */
const MAX_LEARNER_STREAMS = 1000;
/** Streams one workspace, or the instructor, may hold: a few tabs each. */
const MAX_STREAMS_PER_HOLDER = 6;
/** The dashboard gets at most four snapshots a second, however busy the class. */
const COALESCE_MS = 250;

export interface ClassStreamsOptions {
  snapshot(origin: string): Promise<ClassSnapshot>;
  status(req: Request): Promise<ClassroomStatus>;
}

export interface ClassStreams {
  /** Answers with a live stream for `holder` (a workspace key, or the instructor). */
  open(req: Request, res: Response, audience: { instructor: string } | { learner: string }): Promise<void>;
  /** The dashboard's table changed. */
  classChanged(): void;
  /** Something every learner's page shows changed (and the dashboard's table with it). */
  everythingChanged(): void;
  close(): void;
}

export function createClassStreams(options: ClassStreamsOptions): ClassStreams {
  const instructorStreams = new Map<EventStream, string>();
  const learnerStreams = new Map<EventStream, Request>();
  const openPerHolder = new Map<string, number>();
  const count = (holder: string, change: 1 | -1): void => {
    const next = (openPerHolder.get(holder) ?? 0) + change;
    if (next <= 0) openPerHolder.delete(holder);
    else openPerHolder.set(holder, next);
  };
  // One snapshot per origin, however many dashboards show it. A snapshot that fails (the database
  // briefly away) is skipped: the next change sends a fresh one.
  const classChanged = coalesce(async () => {
    const snapshots = new Map<string, Promise<ClassSnapshot>>();
    for (const [stream, origin] of instructorStreams) {
      if (!snapshots.has(origin)) snapshots.set(origin, options.snapshot(origin));
      stream.send('class', await (snapshots.get(origin) as Promise<ClassSnapshot>));
    }
  }, COALESCE_MS);
  const statusChanged = coalesce(async () => {
    await Promise.all([...learnerStreams].map(async ([stream, req]) => stream.send('status', await options.status(req))));
  }, COALESCE_MS);

  return {
    async open(req, res, audience) {
      const holder = 'instructor' in audience ? ' instructor' : audience.learner;
      if ((openPerHolder.get(holder) ?? 0) >= MAX_STREAMS_PER_HOLDER) {
        throw new HttpError(429, `At most ${MAX_STREAMS_PER_HOLDER} live pages at once: close a tab of this class and reload`, { code: 'too_many_streams' });
      }
      if ('learner' in audience && learnerStreams.size >= MAX_LEARNER_STREAMS) {
        throw new HttpError(503, 'Too many live connections to this classroom server; reload in a minute', { code: 'too_many_streams' });
      }
      // The first message is read before the stream opens, so a failure is still an ordinary error answer.
      const first = 'instructor' in audience ? await options.snapshot(audience.instructor) : await options.status(req);
      count(holder, 1);
      const stream = openEventStream(req, res, () => {
        instructorStreams.delete(stream);
        learnerStreams.delete(stream);
        count(holder, -1);
      });
      if ('instructor' in audience) {
        instructorStreams.set(stream, audience.instructor);
        stream.send('class', first);
      } else {
        learnerStreams.set(stream, req);
        stream.send('status', first);
      }
    },
    classChanged,
    everythingChanged() {
      classChanged();
      statusChanged();
    },
    close() {
      for (const stream of [...instructorStreams.keys(), ...learnerStreams.keys()]) stream.close();
    },
  };
}
