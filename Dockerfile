# syntax=docker/dockerfile:1.7
# Kubewatch: one image for both processes. `node dist/web.js` (default) serves the UI and API;
# `node dist/worker.js` runs rule evaluation and notifications. Both need DATABASE_URL.

# Build on Debian: the `node` devDependency (Node 24 for npm scripts) ships a glibc binary.
FROM node:24.21.0-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
# Dependencies first, so source edits do not invalidate this layer. postinstall runs
# `prisma generate`, which needs the schema and the engine placeholder.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts/no-schema-engine.sh ./scripts/
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build

# Runtime: small Alpine image with Next's standalone output plus our bundled entry points.
FROM node:24.21.0-alpine AS runtime
RUN apk add --no-cache tini
WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    WORKER_METRICS_PORT=9465 \
    NEXT_TELEMETRY_DISABLED=1
COPY --from=build --chown=node:node /app/.next/standalone ./
COPY --from=build --chown=node:node /app/.next/static ./.next/static
COPY --from=build --chown=node:node /app/public ./public
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/prisma ./prisma
# Loaded by file path at startup to apply migrations (not traced by Next).
COPY --from=build --chown=node:node /app/node_modules/@prisma/schema-engine-wasm ./node_modules/@prisma/schema-engine-wasm
# DATA_DIR (./data): the generated encryption key when ENCRYPTION_KEY is unset. Owned by node,
# so a named volume mounted here starts writable.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000 9465
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD wget -qO- "http://127.0.0.1:${PORT}/api/healthz" >/dev/null || exit 1
# tini as PID 1 forwards SIGTERM to Node and reaps zombies.
ENTRYPOINT ["/sbin/tini", "--"]
CMD ["node", "dist/web.js"]
