"""Two brakes on password guessing, kept in memory (one process; a restart forgets them):
a per-username lockout against guessing one account slowly, and a per-IP rate limit against
guessing many accounts fast. The dev server answers on several threads, hence the lock."""

import math
import threading
import time
from collections import deque


class Lockout:
    """After `threshold` failures in a row, a username is refused for `lock_seconds`."""

    def __init__(self, threshold=5, lock_seconds=300, clock=time.monotonic):
        self.threshold = threshold
        self.lock_seconds = lock_seconds
        self.clock = clock
        self.entries = {}  # username -> {"failures": in a row, this attempt included; "last": clock; "until": clock}
        self.guard = threading.Lock()

    def begin(self, username):
        """Call before the password is checked. Returns seconds to wait while locked, else None.

        The attempt is counted now, not after bcrypt: otherwise a burst of parallel guesses
        would all pass this gate before the first failure was written down."""
        with self.guard:
            now = self.clock()
            entry = self.entries.get(username)
            if entry and entry["until"] > now:
                return math.ceil(entry["until"] - now)
            if entry is None or entry["until"]:  # new, or the lock has run out: count afresh
                if len(self.entries) > 10_000:
                    self.prune(now)
                entry = self.entries[username] = {"failures": 0, "last": now, "until": 0}
            entry["failures"] += 1
            entry["last"] = now
            if entry["failures"] >= self.threshold:
                # The last attempt allowed: anything arriving while it is checked waits out the lock.
                entry["until"] = now + self.lock_seconds
            return None

    def succeeded(self, username):
        with self.guard:
            self.entries.pop(username, None)

    def prune(self, now):
        # Unknown usernames are counted too (so a locked answer says nothing about existence);
        # drop the stale ones so that guessing random names cannot fill the memory.
        stale = [name for name, entry in self.entries.items() if max(entry["until"], entry["last"] + self.lock_seconds) <= now]
        for name in stale:
            del self.entries[name]


class RateLimit:
    """At most `limit` attempts per client per `window_seconds`, as a sliding window."""

    def __init__(self, limit=10, window_seconds=60, clock=time.monotonic):
        self.limit = limit
        self.window_seconds = window_seconds
        self.clock = clock
        self.attempts = {}  # client -> deque of clock values
        self.guard = threading.Lock()

    def take(self, client):
        """Counts an attempt. Returns seconds to wait when over the limit, else None."""
        with self.guard:
            now = self.clock()
            recent = self.attempts.setdefault(client, deque())
            while recent and recent[0] <= now - self.window_seconds:
                recent.popleft()
            if len(recent) >= self.limit:
                return max(1, math.ceil(recent[0] + self.window_seconds - now))
            recent.append(now)
            return None
