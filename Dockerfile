# syntax=docker/dockerfile:1
# Heed's container image: the compiled Node server, the widget, the dashboard and the demo site,
# with the runtime dependencies only. docs/deploy-container.md says how to run it and what of this
# was run where.
#
#   docker build -t heed .
#   docker run -p 8787:8787 -v heed-data:/data heed
#
# Node's current LTS line; the server also runs on 20.19+ and 22 (package.json engines).
ARG NODE_VERSION=24

# Build: every dependency, then `npm run build` (widget, dashboard, demo, server compiled by tsc),
# then scripts/production-install.sh, the same production install the tests run: dist/ and the
# runtime dependencies (npm ci --omit=dev) in /prod. The compiler is here for better-sqlite3,
# which builds from source where no prebuilt binary can be downloaded; it stays in this stage.
FROM node:${NODE_VERSION}-bookworm-slim AS build
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /src
ENV PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 JOBS=max WRANGLER_SEND_METRICS=false
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && scripts/production-install.sh /prod

# Run: the slim base with /prod only, owned by root and read-only to the user the server runs as;
# that user can write /data alone.
FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production \
  HOST=0.0.0.0 \
  PORT=8787 \
  HEED_DB=/data/heed.db
WORKDIR /app
COPY --from=build /prod /app
# `heed` on the PATH, for `docker exec <container> heed token create` and the other commands.
RUN ln -s /app/dist/node/server/cli/heed.js /usr/local/bin/heed \
  && mkdir -p /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 8787
# Slim images have no curl: Node's own fetch asks the liveness route.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8787) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/node/server/cli/heed.js", "serve"]
