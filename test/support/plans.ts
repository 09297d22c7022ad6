// The plan of one ExternalSecret `app` in namespace `apps`, as eso/plan.ts makes it for a plain
// ExternalSecret (Owner, Retain, no reads), for the unit tests of what is built from a plan.

import type { ExternalSecretPlan } from '../../src/eso/plan.ts'

export function planOf(over: Partial<ExternalSecretPlan> = {}): ExternalSecretPlan {
  return {
    resource: { kind: 'ExternalSecret', name: 'app', namespace: 'apps' },
    position: 0,
    namespace: 'apps',
    namespaceWritten: true,
    labels: {},
    annotations: {},
    targetName: 'app',
    creationPolicy: 'Owner',
    deletionPolicy: 'Retain',
    immutable: false,
    reads: [],
    ...over,
  }
}
