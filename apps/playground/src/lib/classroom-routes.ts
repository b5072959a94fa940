/**
 * The classroom's own routes, read from the route part of the address (`#/join/AB12` → `join/AB12`).
 * The resume and instructor links carry a credential; `withoutCredential` names the route that
 * replaces them in the address bar once the page has taken the credential out.
 */
export type ClassroomRoute =
  | { kind: 'join'; code: string }
  /** `token` is empty once the page has taken it out of the address. */
  | { kind: 'resume'; token: string }
  | { kind: 'instructor'; secret: string };

/** `join`, `join/<code>` or `join?code=<code>`; `resume/<token>`; `instructor` or `instructor/<secret>`. */
export function parseClassroomRoute(route: string): ClassroomRoute | undefined {
  const [path = '', query = ''] = route.split('?', 2);
  const [head, ...rest] = path.split('/');
  const tail = rest.join('/');
  switch (head) {
    case 'join':
      return { kind: 'join', code: (tail || (new URLSearchParams(query).get('code') ?? '')).trim() };
    case 'resume':
      return { kind: 'resume', token: tail };
    case 'instructor':
      return { kind: 'instructor', secret: tail };
    default:
      return undefined;
  }
}

/** The route to show in place of one that carries a credential, or undefined when it carries none. */
export function withoutCredential(route: ClassroomRoute): string | undefined {
  if (route.kind === 'resume' && route.token !== '') return 'resume';
  if (route.kind === 'instructor' && route.secret !== '') return 'instructor';
  return undefined;
}
