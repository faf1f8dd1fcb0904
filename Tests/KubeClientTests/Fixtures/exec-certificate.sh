#!/bin/sh
# An exec credential plugin that answers with a client certificate and key instead of a token.
cat <<'JSON'
{"apiVersion": "client.authentication.k8s.io/v1", "kind": "ExecCredential",
 "status": {"clientCertificateData": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
            "clientKeyData": "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n"}}
JSON
