/** Reading a captured `Authorization: Basic` header: base64 is an encoding, not encryption. */

export interface SniffedCredentials {
  username: string;
  password: string;
}

export function decodeBasicAuthorization(header: string): SniffedCredentials | undefined {
  const match = /^Basic +([A-Za-z0-9+/]+=*) *$/i.exec(header);
  if (match === null) return undefined;
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(atob(match[1] as string), (char) => char.charCodeAt(0)));
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
