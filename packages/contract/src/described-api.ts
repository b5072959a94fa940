import { fillTemplate, readJSONPath, type ApiDescription } from './api-description.ts';
import { encodeBasicAuthorization } from './basic.ts';
import { setCookiesOf, type Exchange, type SendOptions, type TargetClient } from './client.ts';

/**
 * A learner's own API, spoken as its description says: the same register, login and protected
 * request the checks send to an AuthLab stage, with the learner's paths, bodies and token
 * locations. Every request goes through the one client, so it is evidence like any other.
 */

/** What a login gave: the credential for the protected route, and the refresh token if any. */
export interface DescribedLogin {
  exchange: Exchange;
  /** Undefined when the login failed or its answer did not carry a token where the description says. */
  token?: string;
  refreshToken?: string;
}

/** Who is calling the protected route: a token from a login, or (no login step) the password itself. */
export type DescribedCaller = { token: string } | { username: string; password: string };

export class DescribedApi {
  readonly client: TargetClient;
  readonly description: ApiDescription;

  /** Sends through `client`, so its signal, its evidence and its bookkeeping (a check's probe) apply. */
  constructor(client: TargetClient, description: ApiDescription) {
    this.client = client;
    this.description = description;
  }

  /** Whether the API signs in once and then sends a token (false: Basic credentials on every request). */
  get hasLogin(): boolean {
    return this.description.login !== undefined;
  }

  register(username: string, password: string, options: SendOptions = {}): Promise<Exchange> {
    const { method, path, body, encoding } = this.description.register;
    return this.client.send(method, path, { ...options, ...bodyOf(body, encoding, { username, password }) });
  }

  /** Whether an answer is what the step calls success. */
  succeeded(step: 'register' | 'login' | 'protected' | 'refresh' | 'logout', exchange: Exchange): boolean {
    return this.description[step]?.success.includes(exchange.response.status) ?? false;
  }

  async login(username: string, password: string, options: SendOptions = {}): Promise<DescribedLogin> {
    const login = this.description.login;
    if (login === undefined) throw new Error('this API has no login step: every request carries Basic credentials');
    const exchange = await this.client.send(login.method, login.path, {
      ...options,
      ...bodyOf(login.body, login.encoding, { username, password }),
      ...('header' in login.token ? { keepHeaders: [login.token.header] } : {}),
      // Reading Set-Cookie is what a page may not do: a cookie token goes through the target's relay.
      ...('cookie' in login.token ? { unrestricted: true } : {}),
    });
    if (!login.success.includes(exchange.response.status)) return { exchange };
    const token = credentialIn(exchange, login.token);
    const refreshLocation = this.description.refresh?.refreshToken;
    const refreshToken = refreshLocation === undefined ? undefined : credentialIn(exchange, refreshLocation);
    return { exchange, ...(token === undefined ? {} : { token }), ...(refreshToken === undefined ? {} : { refreshToken }) };
  }

  /** The protected route, as `caller`. */
  async callProtected(caller: DescribedCaller, options: SendOptions = {}): Promise<Exchange> {
    const { method, path, send } = this.description.protected;
    return this.client.send(method, path, { ...options, ...credentialsFor(send, caller) });
  }

  async refresh(refreshToken: string, options: SendOptions = {}): Promise<DescribedLogin> {
    const refresh = this.description.refresh;
    if (refresh === undefined) throw new Error('the description has no refresh step');
    const exchange = await this.client.send(refresh.method, refresh.path, {
      ...options,
      ...bodyOf(refresh.body, refresh.encoding, { refreshToken }),
      ...(refresh.token !== undefined && 'header' in refresh.token ? { keepHeaders: [refresh.token.header] } : {}),
    });
    if (!refresh.success.includes(exchange.response.status)) return { exchange };
    const token = refresh.token === undefined ? undefined : credentialIn(exchange, refresh.token);
    const next = credentialIn(exchange, refresh.refreshToken);
    return { exchange, ...(token === undefined ? {} : { token }), ...(next === undefined ? {} : { refreshToken: next }) };
  }
}

type Location = NonNullable<ApiDescription['login']>['token'];
type Template = ApiDescription['register']['body'];

/** A step's body with its placeholders filled in, as JSON or as an HTML form sends it (every value a string). */
function bodyOf(template: Template, encoding: 'json' | 'form', values: Parameters<typeof fillTemplate>[1]): SendOptions {
  if (template === undefined) return {};
  const filled = fillTemplate(template, values);
  if (encoding === 'json') return { json: filled };
  return { form: Object.fromEntries(Object.entries(filled).map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)])) };
}
type Sending = ApiDescription['protected']['send'];

function credentialIn(exchange: Exchange, location: Location): string | undefined {
  if ('json' in location) return readJSONPath(exchange.response.body, location.json);
  if ('header' in location) return exchange.response.headers[location.header.toLowerCase()];
  return setCookiesOf(exchange).find((cookie) => cookie.name === location.cookie)?.value;
}

function credentialsFor(send: Sending, caller: DescribedCaller): SendOptions {
  if ('basic' in send) {
    if (!('password' in caller)) throw new Error('this API takes Basic credentials, not a token');
    return { headers: { Authorization: encodeBasicAuthorization(caller.username, caller.password) } };
  }
  if (!('token' in caller)) throw new Error('this API takes a token from its login, not a password');
  if ('cookie' in send) return { headers: { Cookie: `${send.cookie}=${caller.token}` }, unrestricted: true };
  return { headers: { [send.header]: send.value.replaceAll('{token}', caller.token) } };
}
