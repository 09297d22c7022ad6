// The environment variable argocd generate sets for the kustomize build it runs, so that the
// eso-render transformer inside renders as the Argo CD face would (hosts/argocd.ts). Apart so the
// legacy plugin face can test for it without loading the Argo CD face.
export const INNER_RUN_MARKER = 'ESO_RENDER_ARGOCD_BUILD'

/**
 * When the transformer inside the build must end (epoch milliseconds): a little before the outer
 * deadline, so that it revokes its login tokens and names what was pending before the build is killed.
 */
export const INNER_DEADLINE_AT = 'ESO_RENDER_ARGOCD_DEADLINE_AT'

/** How long before the outer deadline the inner run ends: time to report, and for the build to pass it on. */
export function innerDeadlineAt(outerDeadline: number, deadlineSeconds: number): number {
  return outerDeadline - Math.min(2000, (deadlineSeconds * 1000) / 5)
}
