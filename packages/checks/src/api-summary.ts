/**
 * What AuthLab understood of a learner's API description, one line per step: the CLI prints it,
 * the playground's Your API page shows it. Browser-safe (no Node imports).
 */
import type { ApiDescriptionRead } from '@authlab/contract';

/** One line per step the description gives, for the learner to compare with their API. */
export function summariseApiDescription(read: Extract<ApiDescriptionRead, { ok: true }>): string[] {
  const { register, login, protected: guarded, refresh, logout, storage } = read.description;
  const where = (location: Record<string, string>): string =>
    Object.entries(location)
      .map(([kind, name]) => `${kind} ${name}`)
      .join('');
  const send = guarded.send;
  const sending = 'basic' in send ? 'Basic credentials' : 'cookie' in send ? `cookie ${send.cookie}` : `${send.header}: ${send.value}`;
  return [
    `register  ${register.method} ${register.path}${register.encoding === 'form' ? ' (form body)' : ''} → ${register.success.join(' or ')}`,
    login
      ? `login     ${login.method} ${login.path}${login.encoding === 'form' ? ' (form body)' : ''} → ${login.success.join(' or ')}, token from ${where(login.token)}`
      : 'login     none: every request carries Basic credentials',
    `protected ${guarded.method} ${guarded.path} with ${sending}`,
    ...(refresh ? [`refresh   ${refresh.method} ${refresh.path}, refresh token from ${where(refresh.refreshToken)}`] : []),
    ...(logout ? [`logout    ${logout.method} ${logout.path}`] : []),
    ...(storage ? ['storage   a command that lists what is stored (run only with --allow-command)'] : []),
  ];
}
