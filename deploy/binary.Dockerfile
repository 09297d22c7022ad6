# The init container image of the binary route (deploy/repo-server-binary.yaml): eso-render's single
# executable (npm run build:binary: Node 24 with eso-render inside, ~105 MiB) and busybox's cp, which
# puts it into the repo-server's /custom-tools. Build from the repository root:
#   docker build -f deploy/binary.Dockerfile -t ghcr.io/eso-render/eso-render-binary:0.1.0 .
# The executable is linux-x64 (glibc), like Argo CD's own image.
FROM --platform=linux/amd64 node:24-slim AS build
# strip (binutils) drops the symbol table and debug information of Node's official build (-18 MB).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends binutils \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json tsconfig.json ./
RUN npm ci --no-audit --no-fund
COPY scripts/ ./scripts/
COPY src/ ./src/
RUN npm run build:binary

FROM --platform=linux/amd64 busybox:1.37
# The executable is the legacy plugin itself: kustomize runs <KUSTOMIZE_PLUGIN_HOME>/config.eso-render.dev/
# v1alpha1/esorender/EsoRender with the plugin config file as its first argument.
COPY --from=build /src/build/eso-render-linux-x64 /plugins/config.eso-render.dev/v1alpha1/esorender/EsoRender
COPY --from=build /src/build/eso-render-linux-x64.THIRD-PARTY-NOTICES.txt /THIRD-PARTY-NOTICES.txt
USER 999
# The patch runs `cp -R /plugins /custom-tools/`; this is the same by default.
ENTRYPOINT ["cp", "-R", "/plugins", "/custom-tools/"]
