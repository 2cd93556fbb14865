# The sidecar image: Node 24 LTS + redis-server for the embedded Redis. Not built in CI (no Docker
# engine there); kept for users who run containers.
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
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
ENV ICARUS_DATA_DIR=/var/lib/icarus
VOLUME /var/lib/icarus
EXPOSE 4567
ENTRYPOINT ["node", "bin/icarus.js"]
CMD ["icarus"]
