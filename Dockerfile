# The sidecar image: Node 24 LTS + redis-server for the embedded Redis. Not built in CI (no Docker
# engine there): test/architecture/deployment-files.test.ts checks its base image and the files it
# copies; kept for users who run containers (docker-compose.yml, deploy/kubernetes/).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends redis-server && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
# State (embedded Redis and its AOF, hash cache, snapshot leases) and HOME (list's ~/.esop cache)
# live in one volume. World-writable with the sticky bit, so the sidecar can run as Cassandra's own
# user (uid 999 in the official image), which it must to read snapshots and write restored files.
ENV ICARUS_DATA_DIR=/var/lib/icarus HOME=/var/lib/icarus
RUN mkdir -p /var/lib/icarus && chmod 1777 /var/lib/icarus
VOLUME /var/lib/icarus
EXPOSE 4567
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:4567/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "bin/icarus.js"]
CMD ["icarus"]
