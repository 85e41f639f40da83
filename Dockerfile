# syntax=docker/dockerfile:1.7
# One file, one target per service:  docker build --target relief-intake -t carebridge/relief-intake .
# Images run Node 22 LTS as a non-root user, with production dependencies only; the root filesystem can be
# mounted read-only (the services write nothing outside /tmp).

ARG NODE_IMAGE=node:22.21.1-bookworm-slim

FROM node:22.21.1-bookworm AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.base.json tsconfig.build.json ./
COPY packages ./packages
COPY services ./services
# Builds leave tests, test helpers (src/testing/) and benchmarks (bench/) out of dist/; their sources and fixtures go
# here too. The test-only engines workspace goes before the prune, which then drops its dependencies (testcontainers,
# the TypeScript compiler its require hook uses): npm keeps every workspace's dependencies, dev-only or not.
RUN npm ci --no-audit --no-fund && npm run build \
 && rm -rf packages/test-engines \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf packages/*/bench services/*/bench packages/*/test services/*/test-fixtures \
 && find packages services -type d -name testing -path '*/src/*' -prune -exec rm -rf {} + \
 && find packages services -name '*.spec.*' -delete -o -name '*.ts' ! -name '*.d.ts' -delete

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production GRPC_PORT=50051 HTTP_PORT=8080 NODE_OPTIONS=--enable-source-maps
WORKDIR /app
COPY --from=build --chown=root:root /src/package.json ./
COPY --from=build --chown=root:root /src/node_modules ./node_modules
COPY --from=build --chown=root:root /src/packages ./packages
COPY --from=build --chown=root:root /src/services ./services
USER node
EXPOSE 50051 8080
# Readiness over HTTP so the check needs no extra binary in the image.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||8080)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM

FROM runtime AS relief-intake
CMD ["node", "services/relief-intake/dist/main.js"]

FROM runtime AS hotline
CMD ["node", "services/hotline/dist/main.js"]

FROM runtime AS volunteer-dispatch
CMD ["node", "services/volunteer-dispatch/dist/main.js"]

FROM runtime AS service-catalog
EXPOSE 8090
CMD ["node", "services/service-catalog/dist/main.js"]

FROM runtime AS projections
EXPOSE 8090
CMD ["node", "services/projections/dist/main.js"]
