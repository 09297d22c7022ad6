// The playground's examples: the template patterns real ExternalSecrets use most (a registry's
// dockerconfigjson, TLS from a PKCS#12 keystore, a connection string, a JSON file of a dict, a
// ConfigMap's template through templateFrom). test/playground/examples.test.ts renders each one.

export interface Example {
  id: string
  title: string
  externalSecret: string
  data: string
}

const header = (name: string) => `apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: ${name}
  namespace: apps
spec:
  refreshInterval: 1h
  secretStoreRef:
    name: vault
    kind: SecretStore
`

export const EXAMPLES: Example[] = [
  {
    id: 'dockerconfigjson',
    title: 'Registry credentials (kubernetes.io/dockerconfigjson)',
    externalSecret: `${header('registry')}  target:
    name: registry-pull
    template:
      type: kubernetes.io/dockerconfigjson
      engineVersion: v2
      data:
        .dockerconfigjson: |
          {"auths":{"{{ .registry }}":{"username":"{{ .username }}","password":"{{ .password }}","auth":"{{ printf "%s:%s" .username .password | b64enc }}"}}}
  dataFrom:
    - extract:
        key: ci/registry
`,
    data: 'registry: ghcr.io\nusername: robot\npassword: s3cr3t-token\n',
  },
  {
    id: 'tls-pkcs12',
    title: 'TLS from a PKCS#12 keystore (pkcs12cert, pkcs12key: needs Node, eso-render render runs it)',
    externalSecret: `${header('ingress-tls')}  target:
    template:
      type: kubernetes.io/tls
      engineVersion: v2
      data:
        tls.crt: '{{ .keystore | b64dec | pkcs12cert }}'
        tls.key: '{{ .keystore | b64dec | pkcs12key }}'
  data:
    - secretKey: keystore
      remoteRef:
        key: pki/ingress
        property: keystore
`,
    data: 'keystore: MIIEHAIBAzCCA9IGCSqGSIb3DQEHAaCCA8MEggO/MIIDuzCCAnIGCSqGSIb3DQEHBqCCAmMwggJfAgEAMIICWAYJKoZIhvcNAQcBMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAguJCLNJ+PLkQICCAAwDAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEELxY850k7hLu9BhZCFX9iS+AggHwQCpGh9FANg56Hr1961Y1LY7qMt1Jjb179roJLsgnrAbAWjUz0rCrPt+duYW5iBNtoVMPxGk4ZCduO9B87WMQTgP34sqH9ZeEx+h6BqkhULAblaXuhdGmCnSERpcENkiYlV/thQ1FXQfx4qnGH+HKCD9brUGLvHwfmwUYmYPnXNNKAvxT5JMpDvzjDaOWkvH+j4NaZJh8Lrblue3HjS1V8cPIvVx2nc1MiIvr4iUg/ib/HGVvcUEoVYHbUfOOWeA3PKmmKU0UbFALaY/nma1hMlXMKcdCzohCrE1+ETBaNDHah+vsZ2LR3egCK0tMPjtN3hjB3ZoCZEV0hrVG6BARixYqSaPmynlUasruKeofKgm5jgYalxRT87XOMWcc1C9HublfLBiibiMlaO+hWjs8tjn7/fXtXDNQK1dK8gVih3cbS56y36+MgLUC2aSqIj9VsCo46Q2+KCwQvKw/iHzrgiDSCEMs9d89xXpSMOl9HmMOVMT7ZcZGHH9VVb+y1DQh8JrADNBWFN7vZXDsjCCZr/KwXt/seBfkTib77c6YHqhF/iFbvQ0cTnr2pnEmuQTQxc5y1QvGEdpGG9ygm9HBKEXZgOHqKFn0dPKKgxtw47tOG/4G/50FQrNGZ7fxMZOfiAZULnNbp3oF78gMaZqpXjCCAUEGCSqGSIb3DQEHAaCCATIEggEuMIIBKjCCASYGCyqGSIb3DQEMCgECoIHvMIHsMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAgIRS76U9C4MQICCAAwDAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEEEVUDM26qqaAZt0Ey9BJXkEgZDy7kTR8pr6uYIwarAC3Hn8xK1TyXK5SNpKj7f84SNWC9rvPdWasxSO2squHCjEoENaEdyTTpeloIn19PjwcH/FvD8mj5C9Ruxp2oGhbR/JQIO3jhd5zpZowuu/2BvMLgLbaS9W6KYffzBqACITEwSCwsBfcDorUsY/O4LI3uSa1e7mYsPKoh+0JpTU8IXvQoYxJTAjBgkqhkiG9w0BCRUxFgQUeq37PIGx/pivoCUeTs5s1rjF+q0wQTAxMA0GCWCGSAFlAwQCAQUABCClBBh+ZUTM8V17Lg8jLWRQBO3gwl7SzVgnmEivkUQUbAQId73nwW93+AsCAggA\n',
  },
  {
    id: 'connection-string',
    title: 'A database connection string',
    externalSecret: `${header('orders-db')}  target:
    template:
      engineVersion: v2
      metadata:
        labels:
          app.kubernetes.io/name: orders
      data:
        DATABASE_URL: 'postgres://{{ .user }}:{{ .password | urlquery }}@{{ .host }}:{{ .port }}/orders?sslmode=require'
        PGPASSWORD: '{{ .password }}'
  dataFrom:
    - extract:
        key: db/orders
`,
    data: 'user: orders\npassword: "p@ss/w:rd"\nhost: db.internal\nport: 5432\n',
  },
  {
    id: 'json-of-dict',
    title: 'A JSON config file (toJson of a dict)',
    externalSecret: `${header('app-config')}  target:
    template:
      engineVersion: v2
      mergePolicy: Merge
      data:
        config.json: '{{ dict "apiKey" .api_key "endpoints" (list "https://a.example.com" "https://b.example.com") "retries" 3 | toJson }}'
  dataFrom:
    - extract:
        key: app/config
`,
    data: '{"api_key": "k-123456", "region": "eu-west-1"}\n',
  },
  {
    id: 'template-from',
    title: 'A ConfigMap template (templateFrom, KeysAndValues)',
    externalSecret: `${header('grafana')}  target:
    template:
      engineVersion: v2
      templateFrom:
        - configMap:
            name: grafana-template
            items:
              - key: ini
                templateAs: KeysAndValues
      data:
        admin-user: admin
  dataFrom:
    - extract:
        key: grafana/admin
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: grafana-template
  namespace: apps
data:
  ini: |
    admin-password: "{{ .password }}"
    secret-key: "{{ .password | sha256sum | trunc 32 }}"
`,
    data: 'password: correct-horse-battery\n',
  },
]
