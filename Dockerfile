# syntax=docker/dockerfile:1
# AuthLab's classroom server as an image: compose.yaml runs several of these behind Caddy,
# sharing PostgreSQL and Redis (deploy/README.md). The image holds the bundled server
# (apps/server/dist/main.mjs), the built playground and production dependencies only: no
# TypeScript source, no tsx, no test tools.

# --- What npm ci needs: the lockfile and every workspace's package.json. ---------------------
# Copied alone, so that editing source does not invalidate the cached installs below.
FROM node:20-bookworm-slim AS manifests
# better-sqlite3 downloads a prebuilt binary when it can and compiles itself when it cannot;
# this toolchain is for the second case. It stays in the install stages, out of the image.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps/playground/package.json apps/playground/
COPY apps/server/package.json apps/server/
COPY packages/attacks/package.json packages/attacks/
COPY packages/auth-core/package.json packages/auth-core/
COPY packages/checks/package.json packages/checks/
COPY packages/contract/package.json packages/contract/
COPY packages/lab-files/package.json packages/lab-files/
COPY lessons/package.json lessons/
COPY examples/package.json examples/

# --- Build: the playground (Vite) and the server bundle (esbuild). --------------------------
FROM manifests AS build
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build --workspace @authlab/playground \
  && npm run build --workspace @authlab/server

# --- Production dependencies: what the bundle imports at run time. ------------------------
# Only @authlab/server's dependencies and those of the workspace packages it depends on; the
# install scripts of bcrypt and better-sqlite3 (listed in package.json "allowScripts") put their
# native modules in place here, for this image's Node and C library: a prebuilt one where there
# is one, compiled otherwise.
FROM manifests AS production-dependencies
RUN npm ci --omit=dev --workspace @authlab/server --no-audit --no-fund

# --- Runtime. -------------------------------------------------------------------------------
FROM node:20-bookworm-slim AS runtime
# Classroom mode is what makes listening on every address acceptable: each learner reaches
# only their own workspace (outside it, the server refuses 0.0.0.0 without AUTHLAB_ALLOW_REMOTE=1,
# which this image does not set). Without AUTHLAB_DATABASE_URL, the data directory holds the
# SQLite database and the JWT signing secret; with it (as compose.yaml sets), both are in
# PostgreSQL.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    AUTHLAB_MODE=classroom \
    AUTHLAB_DATA_DIR=/data
WORKDIR /app
# The same layout as the repository: the bundle finds the playground three folders up
# (apps/playground/dist), and Node resolves its packages from apps/server/node_modules, then
# node_modules, as it does in a checkout.
COPY --from=production-dependencies /app/node_modules node_modules
COPY --from=production-dependencies /app/apps/server/node_modules apps/server/node_modules
COPY --from=build /app/apps/server/dist apps/server/dist
COPY --from=build /app/apps/playground/dist apps/playground/dist
# Owned by the unprivileged user before it becomes a volume, so that a new named volume starts
# with that owner and the server can write its secret and database there.
RUN mkdir /data && chown node:node /data
VOLUME /data
# The image's own non-root user (uid 1000): a hole in the server is not root in the container.
USER node
EXPOSE 3000
# Node itself, as slim images have no curl. 127.0.0.1 is an address the host guard always accepts.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "apps/server/dist/main.mjs"]
