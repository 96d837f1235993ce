# ao on a server: the daemon serves the API, the dashboard and the terminals on one port.
# Build: docker compose build    Run: docker compose up -d    Login URL: docker compose logs ao
FROM node:20-bookworm-slim AS build
RUN apt-get update -qq \
  && apt-get install -y -qq --no-install-recommends python3 make g++ git ca-certificates \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json turbo.json tsconfig.base.json ./
COPY packages/shared/package.json packages/shared/
COPY apps/daemon/package.json apps/daemon/
COPY apps/web/package.json apps/web/
ENV PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# npm install, not npm ci: see scripts/setup.sh
RUN npm install --no-audit --no-fund
COPY . .
RUN npx turbo run build && npm prune --omit=dev

FROM node:20-bookworm-slim
RUN apt-get update -qq \
  && apt-get install -y -qq --no-install-recommends tmux git openssh-client ca-certificates tini \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app /app
ENV AO_HOME=/data NODE_ENV=production
VOLUME ["/data"]
EXPOSE 3000
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "apps/daemon/bin/ao.mjs", "up", "--host", "0.0.0.0", "--port", "3000"]
