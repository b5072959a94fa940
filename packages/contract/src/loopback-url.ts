/**
 * A learner's own API, reached from the lab's relay or page: this machine only. A host name is
 * never looked up to decide, so a name that a DNS server points at 127.0.0.1 today (and at a
 * machine on the network tomorrow) is refused: only `localhost`, `::1` and 127.0.0.0/8 pass.
 */

export type LoopbackURLRead = { ok: true; url: URL } | { ok: false; problem: string };

const EXAMPLE = 'write it like http://127.0.0.1:8080';

/** Reads `text` as an http(s) URL on this machine, or says in a sentence why it is not one. */
export function readLoopbackURL(text: string): LoopbackURLRead {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    // The parser also lands here for a port above 65535.
    return { ok: false, problem: `not a URL with a port from 1 to 65535: ${EXAMPLE}` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, problem: `only http:// and https:// URLs can be checked: ${EXAMPLE}` };
  // Credentials in a URL end up in logs and history; the description says how to log in.
  if (url.username !== '' || url.password !== '') return { ok: false, problem: 'a user name or password inside the URL is refused: the description says how to log in' };
  if (!isLoopbackHost(url.hostname)) {
    return {
      ok: false,
      problem: `${url.hostname} is not this machine: only localhost, 127.x.x.x and [::1] can be checked here (names are not looked up, so one that points here is refused too)`,
    };
  }
  if (url.port === '0') return { ok: false, problem: `port 0 is not a port an API listens on: ${EXAMPLE}` };
  return { ok: true, url };
}

/**
 * `hostname` as the URL parser gives it: IPv4 already in dotted decimal (`2130706433` and
 * `0x7f.1` arrive as `127.0.0.1`), IPv6 in brackets, names in lower case.
 */
function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * Whether a URL points at this machine, by the same rule. The checks and the attack lab send
 * their requests only there unless the learner says a remote API is theirs to test.
 */
export function isLoopback(url: URL): boolean {
  return readLoopbackURL(url.origin).ok;
}
