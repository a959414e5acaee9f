# pipeline-bot container image (Cloud Run). Two stages:
#  1. build: every dependency (TypeScript), compiles src/ to dist/;
#  2. runtime: production dependencies only, no compiler, no C++ toolchain, no native module (the
#     embedded SQLite store of local mode is an optional dependency and left out), non-root user.
# Build: docker build -t pipeline-bot .   Run: see README "Container".

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: nothing here needs to run; above all, better-sqlite3 must not compile.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY bench ./bench
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# The chart renderer's native binary is an optional dependency of @resvg/resvg-js: fetched here explicitly
# (linux x64 glibc, the image's platform), since --omit=optional also leaves out the local-mode SQLite.
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund \
 && npm pack --silent @resvg/resvg-js-linux-x64-gnu@2.6.2 \
 && mkdir -p node_modules/@resvg/resvg-js-linux-x64-gnu \
 && tar -xzf resvg-js-linux-x64-gnu-2.6.2.tgz -C node_modules/@resvg/resvg-js-linux-x64-gnu --strip-components=1 \
 && rm resvg-js-linux-x64-gnu-2.6.2.tgz && npm cache clean --force
COPY --from=build /app/dist/src ./dist/src
COPY bin ./bin
# The font charts are drawn with (shipped, so rendering is the same everywhere).
COPY assets ./assets
# A pipeline.yml next to package.json is baked in when present (the pattern matches nothing otherwise);
# or mount one and point PIPELINE_CONFIG at it.
COPY package.json pipeline.ym[l] ./
USER node
# Cloud Run sets PORT (8080 by default); the bot listens on 0.0.0.0:$PORT.
ENV PORT=8080
EXPOSE 8080
CMD ["node", "dist/src/cli.js", "start"]
