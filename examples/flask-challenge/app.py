"""The seed's challenge done right, in Flask: bcrypt with a policy in front of it, short-lived
JWTs, single-use refresh tokens, one answer for every failed login, a per-username lockout
and a per-IP rate limit. Run it with Debian's python3-flask, python3-jwt and python3-bcrypt:

    DATA_DIR=/tmp/flask-challenge PORT=8080 /usr/bin/python3 app.py
"""

import contextlib
import datetime
import hashlib
import os
import secrets
import sqlite3
import sys
import uuid

import bcrypt
import jwt
from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException
from werkzeug.serving import make_server

import password_policy
from limits import Lockout, RateLimit

ACCESS_TOKEN_SECONDS = 15 * 60
REFRESH_TOKEN_SECONDS = 7 * 24 * 60 * 60
MAX_USERNAME_CHARACTERS = 64
INVALID_LOGIN = "Invalid username or password"


def settings_from_env():
    data_dir = os.environ.get("DATA_DIR")
    if not data_dir:
        sys.exit("DATA_DIR is required: the directory that holds users.db")
    cost = int(os.environ.get("BCRYPT_COST", "12"))
    # Below 10, an attacker with the stored hashes tests guesses too cheaply.
    if not 10 <= cost <= 31:
        sys.exit(f"BCRYPT_COST must be between 10 and 31, not {cost}")
    # The login rate limit's window: a minute in use; tests shorten it to wait less, not to limit less often.
    window = int(os.environ.get("LOGIN_RATE_WINDOW_SECONDS", "60"))
    if not 1 <= window <= 3600:
        sys.exit(f"LOGIN_RATE_WINDOW_SECONDS must be between 1 and 3600, not {window}")
    return {"data_dir": data_dir, "cost": cost, "port": int(os.environ.get("PORT", "8080")), "rate_window": window}


class HTTPError(Exception):
    def __init__(self, status, message, headers=None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


def create_app(data_dir, cost, rate_window=60):
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = 16 * 1024  # a login body is tiny; refuse big ones before parsing
    db_path = os.path.join(data_dir, "users.db")
    # Generated at every start and never written down: a secret in the source ends up in git and
    # in every copy of the code. The price is that a restart signs everyone out.
    jwt_secret = secrets.token_bytes(32)
    # Compared against when the username is unknown, so that an unknown user costs one bcrypt
    # check just like a wrong password: the answer time says nothing about who has an account.
    # Text, not raw bytes: bcrypt refuses a password with a NUL in it, which random bytes hold
    # about one start in sixteen.
    dummy_hash = bcrypt.hashpw(secrets.token_urlsafe(16).encode(), bcrypt.gensalt(cost))
    lockout = Lockout(threshold=5, lock_seconds=300)
    rate_limit = RateLimit(limit=10, window_seconds=rate_window)
    revoked_access_tokens = set()  # jti of tokens ended by /logout; small, as they expire in 15 minutes

    @contextlib.contextmanager
    def db():
        # One connection per use: sqlite3 connections must not cross the server's threads.
        connection = sqlite3.connect(db_path, timeout=5)
        try:
            with connection:  # one transaction: committed at the end, rolled back on an error
                yield connection
        finally:
            connection.close()

    with db() as connection:
        connection.executescript(
            """
            CREATE TABLE IF NOT EXISTS users (username TEXT PRIMARY KEY, password_hash TEXT NOT NULL);
            -- Only a SHA-256 of each refresh token is kept: a leaked table hands out no sessions.
            CREATE TABLE IF NOT EXISTS refresh_tokens (
                token_hash TEXT PRIMARY KEY,
                family TEXT NOT NULL,
                username TEXT NOT NULL,
                expires_at INTEGER NOT NULL,
                used INTEGER NOT NULL DEFAULT 0
            );
            """
        )

    def credentials():
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            raise HTTPError(400, "Send a JSON object with Content-Type: application/json")
        username, password = body.get("username"), body.get("password")
        if not isinstance(username, str) or not isinstance(password, str):
            raise HTTPError(400, "username and password must be strings")
        if not 1 <= len(username) <= MAX_USERNAME_CHARACTERS or not password:
            raise HTTPError(400, f"username must be 1 to {MAX_USERNAME_CHARACTERS} characters and password must not be empty")
        return username, password_policy.normalize(password)

    def issue_tokens(connection, username, family=None):
        now = datetime.datetime.now(tz=datetime.timezone.utc)
        claims = {"sub": username, "iat": now, "exp": now + datetime.timedelta(seconds=ACCESS_TOKEN_SECONDS), "jti": uuid.uuid4().hex}
        refresh_token = secrets.token_urlsafe(32)
        connection.execute(
            "INSERT INTO refresh_tokens (token_hash, family, username, expires_at) VALUES (?, ?, ?, ?)",
            (sha256(refresh_token), family or uuid.uuid4().hex, username, int(now.timestamp()) + REFRESH_TOKEN_SECONDS),
        )
        return {"token": jwt.encode(claims, jwt_secret, algorithm="HS256"), "refreshToken": refresh_token}

    def signed_in_claims():
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            raise HTTPError(401, "Send Authorization: Bearer <token>", {"WWW-Authenticate": "Bearer"})
        try:
            # The algorithm is pinned: a token may not choose how it is checked (alg "none", or
            # a public key passed off as an HMAC secret). exp is required, not merely honoured.
            claims = jwt.decode(header[len("Bearer ") :], jwt_secret, algorithms=["HS256"], options={"require": ["sub", "iat", "exp", "jti"]})
        except jwt.InvalidTokenError:
            raise HTTPError(401, "Invalid or expired token", {"WWW-Authenticate": 'Bearer error="invalid_token"'})
        if claims["jti"] in revoked_access_tokens:
            raise HTTPError(401, "Invalid or expired token", {"WWW-Authenticate": 'Bearer error="invalid_token"'})
        return claims

    @app.post("/register")
    def register():
        username, password = credentials()
        problem = password_policy.problem_with(password, username)
        if problem:
            raise HTTPError(400, problem)
        password_hash = bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(cost)).decode("ascii")
        try:
            with db() as connection:
                connection.execute("INSERT INTO users (username, password_hash) VALUES (?, ?)", (username, password_hash))
        except sqlite3.IntegrityError:
            raise HTTPError(409, "That username is taken")
        return jsonify(username=username), 201

    @app.post("/login")
    def login():
        # Per client first, so that one client cannot try many usernames quickly. request.remote_addr
        # is the TCP peer; behind a proxy, use werkzeug's ProxyFix with the real number of hops
        # rather than trusting any X-Forwarded-For a client sends.
        wait = rate_limit.take(request.remote_addr)
        if wait:
            raise HTTPError(429, "Too many login attempts; try again later", {"Retry-After": str(wait)})
        username, password = credentials()
        if password_policy.too_long(password):
            raise HTTPError(400, f"Password must be at most {password_policy.MAX_BYTES} bytes")
        # Counted before the password is checked, for known and unknown usernames alike, so the
        # locked answer is the same whether or not the account exists.
        wait = lockout.begin(username)
        if wait:
            raise HTTPError(423, "Too many failed attempts for this username; try again later", {"Retry-After": str(wait)})
        with db() as connection:
            row = connection.execute("SELECT password_hash FROM users WHERE username = ?", (username,)).fetchone()
            stored = row[0].encode("ascii") if row else dummy_hash
            if not bcrypt.checkpw(password.encode("utf-8"), stored) or row is None:
                raise HTTPError(401, INVALID_LOGIN)
            lockout.succeeded(username)
            return jsonify(issue_tokens(connection, username))

    @app.post("/refresh")
    def refresh():
        body = request.get_json(silent=True)
        token = body.get("refreshToken") if isinstance(body, dict) else None
        if not isinstance(token, str) or not token:
            raise HTTPError(400, "Send a JSON object with a refreshToken string")
        with db() as connection:
            row = connection.execute("SELECT family, username, expires_at FROM refresh_tokens WHERE token_hash = ?", (sha256(token),)).fetchone()
            if row is None or row[2] < now_seconds():
                raise HTTPError(401, "Invalid or expired refresh token")
            family, username, _expires_at = row
            # Spent in the same statement that checks it, so two requests racing with one token
            # cannot both win.
            spent = connection.execute("UPDATE refresh_tokens SET used = 1 WHERE token_hash = ? AND used = 0", (sha256(token),))
            if spent.rowcount == 1:
                return jsonify(issue_tokens(connection, username, family))
            # A spent token came back: someone holds a copy. End the whole chain, the legitimate
            # user's current token included; they sign in again.
            connection.execute("DELETE FROM refresh_tokens WHERE family = ?", (family,))
        raise HTTPError(401, "Invalid or expired refresh token")

    @app.post("/logout")
    def logout():
        claims = signed_in_claims()
        revoked_access_tokens.add(claims["jti"])
        body = request.get_json(silent=True)
        token = body.get("refreshToken") if isinstance(body, dict) else None
        if isinstance(token, str):
            with db() as connection:
                connection.execute(
                    "DELETE FROM refresh_tokens WHERE family IN (SELECT family FROM refresh_tokens WHERE token_hash = ? AND username = ?)",
                    (sha256(token), claims["sub"]),
                )
        return "", 204

    @app.get("/me")
    def me():
        return jsonify(username=signed_in_claims()["sub"])

    @app.errorhandler(HTTPError)
    def http_error(error):
        return jsonify(error=error.message), error.status, error.headers

    # Flask's own errors (404, 405, 413, ...) as JSON too, never its HTML pages.
    @app.errorhandler(HTTPException)
    def flask_error(error):
        return jsonify(error=error.description), error.code

    @app.errorhandler(Exception)
    def unexpected(error):
        app.logger.exception(error)
        return jsonify(error="Internal error"), 500

    return app


def sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def now_seconds():
    return int(datetime.datetime.now(tz=datetime.timezone.utc).timestamp())


if __name__ == "__main__":
    settings = settings_from_env()
    app = create_app(settings["data_dir"], settings["cost"], settings["rate_window"])
    # Loopback only: this is a lab API. make_server binds before it returns, so the line below
    # is printed only once connections are accepted (and PORT=0 reports the port it got).
    server = make_server("127.0.0.1", settings["port"], app, threaded=True)
    print(f"listening on http://127.0.0.1:{server.server_port}", flush=True)
    server.serve_forever()
