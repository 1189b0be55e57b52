#!/usr/bin/env bash
# Makes the certificates for mutual TLS between agents and the collector:
#   <out>/ca.pem, ca.key                 the site's own CA (kept; reused on the next run)
#   <out>/collector.pem, collector.key   the collector's server certificate
#   <out>/agents/<id>.pem, <id>.key      one client certificate per agent
# An agent certificate carries the agent id as its subject CN and the site as its OU; the
# collector takes the agent's identity from there, never from what the agent says.
#
# Usage: deploy/make-certs.sh --out DIR [--collector-host NAME]... [--days N] AGENT_ID:SITE...
#   --collector-host  a DNS name or IP address agents use to reach the collector; repeatable.
#                     localhost and 127.0.0.1 are always included.
#   --days            validity of new certificates (default 825).
# Running it again with more agents signs them with the same CA; existing files are kept.
# For a test of "another CA", run it with a different --out.
set -euo pipefail

usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

out=""
days=825
hosts=(localhost 127.0.0.1)
agents=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --out) out="${2:?--out needs a directory}"; shift 2 ;;
        --collector-host) hosts+=("${2:?--collector-host needs a name}"); shift 2 ;;
        --days) days="${2:?--days needs a number}"; shift 2 ;;
        -h|--help) usage ;;
        -*) echo "make-certs: unknown option $1" >&2; usage ;;
        *) agents+=("$1"); shift ;;
    esac
done
[[ -n "$out" ]] || { echo "make-certs: --out DIR is required" >&2; usage; }
[[ "$days" =~ ^[0-9]+$ ]] || { echo "make-certs: --days must be a whole number, not '$days'" >&2; exit 2; }
command -v openssl >/dev/null || { echo "make-certs: openssl is not installed (apt-get install openssl)" >&2; exit 1; }

umask 077
mkdir -p "$out/agents"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

new_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

# Signs <name>.csr in $work with the CA, using the extensions file given.
sign() {
    local csr="$1" ext="$2" pem="$3"
    openssl x509 -req -in "$csr" -CA "$out/ca.pem" -CAkey "$out/ca.key" -CAcreateserial \
        -CAserial "$out/ca.srl" -days "$days" -sha256 -extfile "$ext" -out "$pem" 2>/dev/null
}

if [[ ! -f "$out/ca.pem" || ! -f "$out/ca.key" ]]; then
    new_key "$out/ca.key"
    openssl req -x509 -new -key "$out/ca.key" -sha256 -days "$((days * 2))" \
        -subj "/O=Monitor/CN=Monitor agents CA $(date -u +%Y%m%dT%H%M%SZ)" \
        -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" \
        -out "$out/ca.pem"
    echo "made CA            $out/ca.pem"
fi

if [[ ! -f "$out/collector.pem" || ! -f "$out/collector.key" ]]; then
    san=""
    for host in "${hosts[@]}"; do
        if [[ "$host" =~ ^[0-9.]+$ || "$host" == *:* ]]; then san+="IP:$host,"; else san+="DNS:$host,"; fi
    done
    new_key "$out/collector.key"
    openssl req -new -key "$out/collector.key" -subj "/O=Monitor/CN=${hosts[-1]}" -out "$work/collector.csr"
    cat >"$work/collector.ext" <<EOF
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=${san%,}
EOF
    sign "$work/collector.csr" "$work/collector.ext" "$out/collector.pem"
    echo "made collector     $out/collector.pem (${san%,})"
fi

for spec in "${agents[@]}"; do
    id="${spec%%:*}"
    site="${spec#*:}"
    if [[ "$spec" != *:* || -z "$id" || -z "$site" ]]; then
        echo "make-certs: agent '$spec' must be written AGENT_ID:SITE, e.g. mail01.cty:cty" >&2
        exit 2
    fi
    if [[ ! "$id" =~ ^[A-Za-z0-9._-]+$ || ! "$site" =~ ^[A-Za-z0-9._-]+$ ]]; then
        echo "make-certs: agent '$spec': id and site may hold letters, digits, '.', '_' and '-' only" >&2
        exit 2
    fi
    if [[ -f "$out/agents/$id.pem" ]]; then
        echo "kept agent         $out/agents/$id.pem"
        continue
    fi
    new_key "$out/agents/$id.key"
    openssl req -new -key "$out/agents/$id.key" -subj "/O=Monitor/OU=$site/CN=$id" -out "$work/$id.csr"
    cat >"$work/$id.ext" <<EOF
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth
EOF
    sign "$work/$id.csr" "$work/$id.ext" "$out/agents/$id.pem"
    echo "made agent         $out/agents/$id.pem (CN=$id, OU=$site)"
done

# Certificates are public; keys stay readable by their owner only (umask above).
chmod 644 "$out/ca.pem" "$out/collector.pem" "$out"/agents/*.pem 2>/dev/null || true
