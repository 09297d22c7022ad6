// Which resources are ESO's: the one fact the cheap path of every face needs, kept apart from the
// pipeline so a render with nothing to resolve loads nothing else.

import { isV1List } from '../manifests/identity.ts'

export const ESO_GROUP = 'external-secrets.io'
export const ESO_KINDS: ReadonlySet<string> = new Set(['ExternalSecret', 'SecretStore', 'ClusterSecretStore', 'ClusterExternalSecret'])

/**
 * Items the pipeline must parse: ESO kinds, anything whose kind the scanner could not read, near
 * misses of ESO kinds (to name them in a warning), and lists other than a v1 List (`SecretList`,
 * `ConfigMapList`), whose items the reader leaves inside them: an ExternalSecret there is an error.
 * A v1 List's items are items of their own, judged one by one.
 */
export function isInteresting(kind: string | undefined, apiVersion?: string): boolean {
  return kind === undefined || ESO_KINDS.has(kind) || isTypedList(kind, apiVersion) || (apiVersion !== undefined && nearMissReason(kind, apiVersion) !== undefined)
}

/** A list kind the reader does not open: anything named `...List` but a v1 List (kubectl and kustomize unpack those too). */
export function isTypedList(kind: string | undefined, apiVersion: string | undefined): boolean {
  return kind?.endsWith('List') === true && !isV1List(kind, apiVersion)
}

const KIND_BY_LOWER = new Map([...ESO_KINDS].map((k) => [k.toLowerCase(), k]))

/** Edit distance (insertions, deletions, substitutions), stopping early past `limit`. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    prev = row
  }
  return prev[b.length]
}

/**
 * Why an object that is not an ESO resource looks like one that was meant to be (a kind in the
 * wrong case, an API group one or two typos from external-secrets.io), or undefined. Such an object
 * would otherwise pass through unrendered and unnoticed.
 */
export function nearMissReason(kind: string | undefined, apiVersion: string | undefined): string | undefined {
  if (kind === undefined) return undefined
  const group = apiVersion?.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : ''
  const meant = ESO_KINDS.has(kind) ? kind : KIND_BY_LOWER.get(kind.toLowerCase())
  if (!meant) return undefined
  if (group === ESO_GROUP && meant !== kind) return `kind ${JSON.stringify(kind)} is not ${meant} (kinds are case-sensitive)`
  if (group !== ESO_GROUP && group && distance(group.toLowerCase(), ESO_GROUP, 2) <= 2) return `apiVersion ${JSON.stringify(apiVersion)} is not in the ${ESO_GROUP} group`
  return undefined
}
