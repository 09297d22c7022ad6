// The environment variable argocd generate sets for the kustomize build it runs, so that the
// eso-render transformer inside renders as the Argo CD face would (hosts/argocd.ts). Apart so the
// legacy plugin face can test for it without loading the Argo CD face.
export const INNER_RUN_MARKER = 'ESO_RENDER_ARGOCD_BUILD'
