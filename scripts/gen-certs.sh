#!/usr/bin/env bash
# Test/lab certificates for SLR peering (gRPC with mutual TLS).
#
#   scripts/gen-certs.sh [--other-ca] OUTDIR [AGENT_NAME...]
#
# Writes into OUTDIR:
#   ca.crt ca.key                 the CA that signs the SLR and every agent
#   slr.crt slr.key               the SLR's server certificate (SAN: localhost, 127.0.0.1, ::1)
#   NAME.crt NAME.key             one client certificate per agent name (CN = NAME = server id,
#                                 also a DNS SAN), extendedKeyUsage clientAuth
# With --other-ca also:
#   other-ca.crt other-ca.key     an unrelated CA
#   rogue.crt rogue.key           an agent certificate (CN "rogue") signed by the unrelated
#                                 CA; an SLR trusting only ca.crt must refuse it
#   other-NAME.crt other-NAME.key for each NAME, a certificate with the same CN from the
#                                 unrelated CA (an impostor of that agent)
# EC P-256 keys, valid 825 days. Not for production.
set -euo pipefail

other_ca=0
if [[ "${1:-}" == "--other-ca" ]]; then other_ca=1; shift; fi
if [[ $# -lt 1 ]]; then
  echo "usage: $0 [--other-ca] OUTDIR [AGENT_NAME...]" >&2
  exit 2
fi
out=$1; shift
mkdir -p "$out"
cd "$out"
days=825

new_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; chmod 600 "$1"; }

make_ca() { # name subject
  new_key "$1.key"
  openssl req -x509 -new -key "$1.key" -sha256 -days "$days" -subj "$2" -out "$1.crt" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
}

sign() { # ca name subject extfile-text
  local ca=$1 name=$2 subject=$3 ext=$4
  new_key "$name.key"
  openssl req -new -key "$name.key" -subj "$subject" -out "$name.csr"
  printf '%s\n' "$ext" >"$name.ext"
  openssl x509 -req -in "$name.csr" -CA "$ca.crt" -CAkey "$ca.key" -set_serial "0x$(openssl rand -hex 16)" \
    -days "$days" -sha256 -extfile "$name.ext" -out "$name.crt" 2>/dev/null
  rm -f "$name.csr" "$name.ext"
}

client_ext() { printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\nsubjectAltName=DNS:%s' "$1"; }

check_name() {
  if [[ ! "$1" =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]]; then echo "$0: bad agent name '$1'" >&2; exit 2; fi
}

make_ca ca "/CN=SLR test CA"
sign ca slr "/CN=slr" "$(printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1')"
for name in "$@"; do
  check_name "$name"
  sign ca "$name" "/CN=$name" "$(client_ext "$name")"
done

if [[ $other_ca -eq 1 ]]; then
  make_ca other-ca "/CN=Unrelated CA"
  sign other-ca rogue "/CN=rogue" "$(client_ext rogue)"
  for name in "$@"; do
    sign other-ca "other-$name" "/CN=$name" "$(client_ext "$name")"
  done
fi
echo "certificates written to $(pwd)"
