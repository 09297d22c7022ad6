// Failures of a KV read other than "not found": their messages are safe to show (paths, status, Vault's error text).

export type KvErrorCode = 'NO_DATA_FIELD' | 'NOT_AN_OBJECT' | 'INVALID_PATH' | 'DENIED' | 'SEALED' | 'HTTP' | 'BAD_RESPONSE'

export class KvError extends Error {
  override name = 'KvError'
  readonly code: KvErrorCode
  readonly status?: number
  constructor(code: KvErrorCode, message: string, status?: number) {
    super(message)
    this.code = code
    this.status = status
  }
}

