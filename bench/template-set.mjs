// The realistic ESO template set for the engine-speed comparison (npm run bench, part 3): a TLS
// bundle, a dockerconfigjson, connection strings, PEM filtering and toJson of a dict, over the
// map[string]string data ESO gives templates. Only Sprig and Go builtins are used (PEM filtering
// with a regex), so real Go + Sprig (the oracle) can render the very same set.

function pseudoBase64(seed, length) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  let x = seed
  let out = ''
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2147483648
    out += alphabet[x % 64]
  }
  return out
}

function pem(type, seed, bytes) {
  const body = pseudoBase64(seed, Math.ceil((bytes * 4) / 3))
    .match(/.{1,64}/g)
    .join('\n')
  return `-----BEGIN ${type}-----\n${body}\n-----END ${type}-----\n`
}

export const data = {
  'tls.crt': pem('CERTIFICATE', 1, 1200),
  'ca.crt': pem('CERTIFICATE', 2, 1100),
  'tls.key': pem('PRIVATE KEY', 3, 1190),
  bundle: pem('PRIVATE KEY', 4, 1190) + pem('CERTIFICATE', 5, 1200) + pem('CERTIFICATE', 6, 1100),
  registry: 'registry.example.com',
  username: 'deploy-bot',
  password: 'p@ss:w/rd&more=1',
  host: 'db.internal.example.com',
  port: '5432',
  database: 'orders',
  region: 'eu-west-1',
}

export const templates = {
  'tls-bundle': '{{ index . "tls.crt" }}{{ index . "ca.crt" }}',
  'tls-key': '{{ index . "tls.key" | trim }}',
  dockerconfigjson: '{{ $auth := printf "%s:%s" .username .password | b64enc }}{{ dict "auths" (dict .registry (dict "username" .username "password" .password "auth" $auth)) | toJson }}',
  'postgres-url': 'postgres://{{ .username }}:{{ .password | urlquery }}@{{ .host }}:{{ .port }}/{{ .database }}?sslmode=require',
  'jdbc-properties':
    'spring.datasource.url=jdbc:postgresql://{{ .host }}:{{ .port }}/{{ .database }}\nspring.datasource.username={{ .username }}\nspring.datasource.password={{ .password | quote }}\n',
  'ado-connection': '{{ printf "Server=%s,%s;Database=%s;User Id=%s;Password=%s;Encrypt=true" .host .port .database (.username | upper) .password }}',
  'pem-filter-certs': '{{ regexFindAll "-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----" .bundle -1 | join "\\n" }}',
  'pem-filter-key': '{{ regexFind "-----BEGIN PRIVATE KEY-----[^-]+-----END PRIVATE KEY-----" .bundle }}',
  'json-dict': '{{ dict "host" .host "port" (.port | int) "user" .username "password" .password "region" (default "us-east-1" .region) | toJson }}',
  'env-file':
    '{{ range $k, $v := . }}{{ if not (hasSuffix ".crt" $k) }}{{ if not (hasSuffix ".key" $k) }}{{ if ne $k "bundle" }}{{ $k | upper | replace "." "_" }}={{ $v | squote }}\n{{ end }}{{ end }}{{ end }}{{ end }}',
}
