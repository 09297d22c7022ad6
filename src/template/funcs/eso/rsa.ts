// ESO's rsaDecrypt (runtime/template/v2/decrypt.go): RSA-OAEP decryption with a PEM private key.
// Scheme "None" returns the input untouched; the hash names SHA1/SHA256/SHA512 pick the OAEP (and
// MGF1) hash, anything else is SHA-256; the label is empty.

import { constants, privateDecrypt } from 'node:crypto'
import { bytesOf, fromBytes, type GoString } from '../../value.ts'
import { FuncError, type FuncDef } from '../registry.ts'
import { pemDecode } from '../../../go/pem.ts'
import { KeyParseError, parsePrivateKey } from './x509.ts'

const HASHES: Record<string, string> = { SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512' }

export function rsaDecrypt(scheme: GoString, hash: GoString, input: GoString, privateKey: GoString): GoString {
  const schemeName = Buffer.from(bytesOf(scheme)).toString('utf8')
  if (schemeName === 'None') return input
  // The scheme is the template author's, never secret data: ESO prints it with %v.
  if (schemeName !== 'RSA-OAEP') throw new FuncError(`decryption scheme ${schemeName} is not supported`)
  const [block] = pemDecode(Buffer.from(bytesOf(privateKey)))
  if (!block) throw new FuncError('failed to decode PEM block')
  let key: ReturnType<typeof parsePrivateKey>
  try {
    key = parsePrivateKey(block.bytes)
  } catch (e) {
    if (e instanceof KeyParseError) throw new FuncError(`could not parse private key: ${e.message}`)
    throw e
  }
  if (key.asymmetricKeyType !== 'rsa') throw new FuncError('could not parse RSA private key')
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0
  // Go 1.24+ refuses RSA operations with keys under 1024 bits (GODEBUG rsa1024min).
  if (bits < 1024) throw new FuncError(`error decrypting data with RSA: crypto/rsa: ${bits}-bit keys are insecure (see https://go.dev/pkg/crypto/rsa#hdr-Minimum_key_size)`)
  const oaepHash = HASHES[Buffer.from(bytesOf(hash)).toString('utf8')] ?? 'sha256'
  try {
    return fromBytes(privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, Buffer.from(bytesOf(input))))
  } catch {
    throw new FuncError('error decrypting data with RSA: crypto/rsa: decryption error')
  }
}

const S = 'string' as const
export const RSA_FUNCS: FuncDef[] = [
  { name: 'rsaDecrypt', params: [S, S, S, S], fn: (_c, scheme, hash, input, key) => rsaDecrypt(scheme as GoString, hash as GoString, input as GoString, key as GoString) },
]
