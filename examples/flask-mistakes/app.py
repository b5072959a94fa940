"""A Flask login API that makes the classic mistakes ON PURPOSE, so that AuthLab's practice
checks have something to catch. Every mistake is marked "MISTAKE:" with what goes wrong; the
fixed version of each is in ../flask-challenge. Do not copy this file into anything real.

    DATA_DIR=/tmp/flask-mistakes PORT=8081 /usr/bin/python3 app.py
"""

import contextlib
import datetime
import os
import sqlite3
import sys

import bcrypt
import jwt
from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException
from werkzeug.serving import make_server

# MISTAKE: a hard-coded secret. It is in git and in every copy of the code, so anyone who has
# read the source can sign a token for any user. (Fix: random bytes at start, or a secret store.)
JWT_SECRET = "change-me-please"

# MISTAKE: bcrypt cost 4. Each step doubles the work, so a guess costs 64 times less than at
# cost 10 and 256 times less than at 12: a stolen table falls that much faster.
# (Fix: 10 at the very least, 12 by default.)
BCRYPT_COST = 4


class HTTPError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status, self.message = status, message


def create_app(data_dir):
    app = Flask(__name__)
    db_path = os.path.join(data_dir, "users.db")

    @contextlib.contextmanager
    def db():
        connection = sqlite3.connect(db_path, timeout=5)
        try:
            with connection:
                yield connection
        finally:
            connection.close()

    with db() as connection:
        connection.execute("CREATE TABLE IF NOT EXISTS users (username TEXT PRIMARY KEY, password_hash TEXT NOT NULL)")

    def credentials():
        # Not a mistake: bad input still gets a 400 JSON answer, never a 500.
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            raise HTTPError(400, "Send a JSON object with Content-Type: application/json")
        username, password = body.get("username"), body.get("password")
        if not isinstance(username, str) or not isinstance(password, str):
            raise HTTPError(400, "username and password must be strings")
        # MISTAKE: the only rule is "not empty". "password", "123456" and the username itself
        # are all accepted. (Fix: at least 15 characters and a blocklist of common passwords.)
        if not username or not password:
            raise HTTPError(400, "username and password are required")
        return username, password

    @app.post("/register")
    def register():
        username, password = credentials()
        # MISTAKE: no 72-byte limit. bcrypt quietly ignores everything after byte 72, so any
        # password sharing those first 72 bytes logs in too. (Fix: refuse longer passwords.)
        password_hash = bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(BCRYPT_COST)).decode("ascii")
        try:
            with db() as connection:
                connection.execute("INSERT INTO users (username, password_hash) VALUES (?, ?)", (username, password_hash))
        except sqlite3.IntegrityError:
            raise HTTPError(409, "That username is taken")
        return jsonify(username=username), 201

    # MISTAKE: no rate limit and no lockout on /login. A script may guess as fast as the server
    # answers, on one account or on all of them. (Fix: a per-IP limit and a per-username lockout.)
    @app.post("/login")
    def login():
        username, password = credentials()
        with db() as connection:
            row = connection.execute("SELECT password_hash FROM users WHERE username = ?", (username,)).fetchone()
        # MISTAKE: two different answers. "Unknown user" tells an attacker which usernames exist,
        # and it comes back at once, without a bcrypt check, so even one shared message would
        # leak through the timing. (Fix: compare with a dummy hash; one 401 message for both.)
        if row is None:
            raise HTTPError(404, "Unknown user")
        if not bcrypt.checkpw(password.encode("utf-8"), row[0].encode("ascii")):
            raise HTTPError(401, "Wrong password")
        # MISTAKE: no "exp" claim. The token works forever, so a token that leaks once (a log, a
        # shared screenshot, a stolen laptop) is a key for good. (Fix: exp 15 minutes ahead.)
        claims = {"sub": username, "iat": datetime.datetime.now(tz=datetime.timezone.utc)}
        return jsonify(token=jwt.encode(claims, JWT_SECRET, algorithm="HS256"))

    @app.get("/me")
    def me():
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            raise HTTPError(401, "Send Authorization: Bearer <token>")
        try:
            # The algorithm is still pinned here; exp is not required because there is none.
            claims = jwt.decode(header[len("Bearer ") :], JWT_SECRET, algorithms=["HS256"])
        except jwt.InvalidTokenError:
            raise HTTPError(401, "Invalid token")
        return jsonify(username=claims.get("sub"))

    @app.errorhandler(HTTPError)
    def http_error(error):
        return jsonify(error=error.message), error.status

    @app.errorhandler(HTTPException)
    def flask_error(error):
        return jsonify(error=error.description), error.code

    @app.errorhandler(Exception)
    def unexpected(error):
        app.logger.exception(error)
        return jsonify(error="Internal error"), 500

    return app


if __name__ == "__main__":
    data_dir = os.environ.get("DATA_DIR")
    if not data_dir:
        sys.exit("DATA_DIR is required: the directory that holds users.db")
    server = make_server("127.0.0.1", int(os.environ.get("PORT", "8081")), create_app(data_dir), threaded=True)
    print(f"listening on http://127.0.0.1:{server.server_port}", flush=True)
    server.serve_forever()
