// Which resources are ESO's: the one fact the cheap path of every face needs, kept apart from the
// pipeline so a render with nothing to resolve loads nothing else.

export const ESO_GROUP = 'external-secrets.io'
export const ESO_KINDS: ReadonlySet<string> = new Set(['ExternalSecret', 'SecretStore', 'ClusterSecretStore'])

/** Items the pipeline must parse: ESO kinds, and anything whose kind the scanner could not read. */
export function isInteresting(kind: string | undefined): boolean {
  return kind === undefined || ESO_KINDS.has(kind)
}
