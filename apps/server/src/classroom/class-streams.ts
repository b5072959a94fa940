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
  snapshot(origin: string): ClassSnapshot;
  status(req: Request): ClassroomStatus;
}

export interface ClassStreams {
  /** Answers with a live stream for `holder` (a workspace key, or the instructor). */
  open(req: Request, res: Response, audience: { instructor: string } | { learner: string }): void;
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
  const classChanged = coalesce(() => {
    for (const [stream, origin] of instructorStreams) stream.send('class', options.snapshot(origin));
  }, COALESCE_MS);
  const statusChanged = coalesce(() => {
    for (const [stream, req] of learnerStreams) stream.send('status', options.status(req));
  }, COALESCE_MS);

  return {
    open(req, res, audience) {
      const holder = 'instructor' in audience ? ' instructor' : audience.learner;
      if ((openPerHolder.get(holder) ?? 0) >= MAX_STREAMS_PER_HOLDER) {
        throw new HttpError(429, `At most ${MAX_STREAMS_PER_HOLDER} live pages at once: close a tab of this class and reload`, { code: 'too_many_streams' });
      }
      if ('learner' in audience && learnerStreams.size >= MAX_LEARNER_STREAMS) {
        throw new HttpError(503, 'Too many live connections to this classroom server; reload in a minute', { code: 'too_many_streams' });
      }
      count(holder, 1);
      const stream = openEventStream(req, res, () => {
        instructorStreams.delete(stream);
        learnerStreams.delete(stream);
        count(holder, -1);
      });
      if ('instructor' in audience) {
        instructorStreams.set(stream, audience.instructor);
        stream.send('class', options.snapshot(audience.instructor));
      } else {
        learnerStreams.set(stream, req);
        stream.send('status', options.status(req));
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
