/**
 * Whether a URL points at this machine. The checks and the attack lab send their requests only
 * there unless the learner says a remote API is theirs to test: an attack against someone
 * else's server is an attack, not a lesson.
 */
export function isLoopback(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
