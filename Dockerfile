# eso-render as an Argo CD Config Management Plugin sidecar (see README "Install in Argo CD").
# kustomize and helm are copied from Argo CD's own image, so apps are built with exactly the
# versions the repo-server itself would use; keep ARGOCD_VERSION equal to your Argo CD's.
ARG ARGOCD_VERSION=v3.5.1

FROM quay.io/argoproj/argocd:${ARGOCD_VERSION} AS argocd

FROM node:24-slim AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.json ./
RUN npm ci --no-audit --no-fund
COPY scripts/ ./scripts/
COPY src/ ./src/
RUN npm run build

FROM node:24-slim
COPY --from=argocd /usr/local/bin/kustomize /usr/local/bin/helm /usr/local/bin/
COPY --from=build /src/dist/ /opt/eso-render/dist/
COPY bin/eso-render.mjs /opt/eso-render/bin/eso-render.mjs
COPY package.json /opt/eso-render/package.json
RUN ln -s /opt/eso-render/bin/eso-render.mjs /usr/local/bin/eso-render \
 && mkdir -p /home/argocd/cmp-server/config \
 && chown -R 999:999 /home/argocd
COPY plugin.yaml /home/argocd/cmp-server/config/plugin.yaml
ENV HOME=/home/argocd
# Argo CD requires the sidecar to run as uid 999; argocd-cmp-server is mounted from the repo-server
# (var-files volume), so the image does not ship it.
USER 999
ENTRYPOINT ["/var/run/argocd/argocd-cmp-server"]
