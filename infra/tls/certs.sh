#!/usr/bin/env bash
# Test certificates with OpenSSL: a CA, and server or client certificates it signs. For the local engines
# (engines.sh) and the TLS tests only; production certificates come from cert-manager (k8s/components/tls).
#   certs.sh ca     <dir> <common name>                      -> <dir>/ca.pem, <dir>/ca.key
#   certs.sh server <ca dir> <out prefix> <subject> <days> <subjectAltName>  -> <prefix>.pem, <prefix>.key
#   certs.sh client <ca dir> <out prefix> <subject> <days>   -> <prefix>.pem, <prefix>.key
# Keys are EC P-256 in unencrypted PKCS#8 (mode 600). <subject> is OpenSSL's form: /O=Agency/CN=agency-1. A negative
# <days> makes a certificate that expired the moment it was issued (notAfter before now), for refusal tests.
set -euo pipefail

config() {
  cat <<'EOF'
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca_ext]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[server_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = ${ENV::CERTS_SAN}
[client_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
EOF
}

new_key() { # file
  (umask 077 && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null)
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CERTS_SAN=DNS:localhost
config >"$work/openssl.cnf"

case "${1:-}" in
  ca)
    dir=$2
    mkdir -p "$dir"
    new_key "$dir/ca.key"
    openssl req -config "$work/openssl.cnf" -new -x509 -key "$dir/ca.key" -subj "/CN=$3" -days 3650 \
      -extensions ca_ext -out "$dir/ca.pem"
    ;;
  server | client)
    kind=$1 ca=$2 out=$3 subject=$4 days=$5
    [ "$kind" = client ] || CERTS_SAN=$6
    new_key "$out.key"
    openssl req -config "$work/openssl.cnf" -new -key "$out.key" -subj "$subject" -out "$work/req.csr"
    openssl x509 -req -in "$work/req.csr" -CA "$ca/ca.pem" -CAkey "$ca/ca.key" -set_serial "0x$(openssl rand -hex 16)" \
      -days "$days" -extfile "$work/openssl.cnf" -extensions "${kind}_ext" -out "$out.pem" 2>/dev/null
    ;;
  *)
    echo "usage: $0 ca <dir> <cn> | server <ca dir> <prefix> <subject> <days> <san> | client <ca dir> <prefix> <subject> <days>" >&2
    exit 2
    ;;
esac
