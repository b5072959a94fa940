/**
 * What `npm run check -- --init my-api.yaml` writes: a description of a typical JSON login API,
 * with a comment on every choice, for the learner to edit until it matches their own.
 * `schemaPath` is where the JSON Schema is, seen from the file, for editors that complete YAML.
 */
export function apiDescriptionStarter(schemaPath: string): string {
  return `# How AuthLab's practice checks talk to your login API.
# Edit each step to match your API, then see what AuthLab understood:
#   npm run check -- --api my-api.yaml
# and, with your API running, run the practice checks against it:
#   npm run check -- --url http://127.0.0.1:8080 --api my-api.yaml
# Inside bodies and header values, AuthLab fills in {username}, {password}, {token} and
# {refreshToken}.
# yaml-language-server: $schema=${schemaPath}
version: 1
name: My login API

# How a new account is made. Add any other field your API needs, e.g. an e-mail address.
register:
  method: POST
  path: /register
  body:
    username: "{username}"
    password: "{password}"
  success: [200, 201]        # the status (or statuses) that mean "created"

# How an account logs in, and where the answer carries the access token:
#   token: { json: token }           a field of the JSON body (a dotted path: data.access_token)
#   token: { header: X-Auth-Token }  a response header
#   token: { cookie: session }       a cookie the answer sets
# Leave the whole step out if your API wants the password with every request (HTTP Basic).
login:
  method: POST
  path: /login
  body:
    username: "{username}"
    password: "{password}"
  success: 200
  token: { json: token }

# A route only a signed-in caller may use, and how the token is sent to it:
#   send: { header: Authorization, value: "Bearer {token}" }
#   send: { header: x-access-token, value: "{token}" }
#   send: { cookie: session }
#   send: { basic: true }            (no login step: username and password on every request)
protected:
  method: GET
  path: /me
  send: { header: Authorization, value: "Bearer {token}" }

# Optional: how a refresh token buys a new access token.
# refresh:
#   path: /refresh
#   body: { refreshToken: "{refreshToken}" }
#   refreshToken: { json: refreshToken }   # where the login answer carries it
#   token: { json: token }                 # where this answer carries the new access token

# Optional: how a session ends (the token is sent as for the protected route).
# logout:
#   path: /logout

# Optional: how to read what your API stores, for the storage checks. The command must print
# one line per account: the username, a tab, and the stored password or hash. It runs only
# when you pass --allow-command.
# storage:
#   command: sqlite3 -readonly -tabs app.db "select username, password_hash from users"

# Optional: numbers you know about your API. They make the evidence clearer; the checks
# work without them.
# known:
#   lockoutThreshold: 5
#   rateLimit: { limit: 10, windowSeconds: 60 }
#   accessTokenSeconds: 900
`;
}
