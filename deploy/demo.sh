#!/usr/bin/env bash
# The demo: a collector on loopback with a fresh SQLite file and its own CA (mutual TLS between
# agent and collector, certificates by deploy/make-certs.sh), the agent replaying the CTY outage of
# 13 January 2017 (seed 001) faster than real time, then a summary and the written draft report.
# Usage: deploy/demo.sh [scenario-dir] [speed]
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=deploy/packages.sh
. deploy/packages.sh
# openssl: this run's certificates; curl: the collector's summary; fonts-noto-cjk: the Japanese
# report on the page.
require_packages openssl curl fonts-noto-cjk

scenario="${1:-config/scenarios/cty-2017}"
speed="${2:-1200}"
work="$(mktemp -d "${TMPDIR:-/tmp}/monitor-demo.XXXXXX")"
collector_pid=""
cleanup() {
  if [ -n "$collector_pid" ] && kill -0 "$collector_pid" 2>/dev/null; then
    kill "$collector_pid" 2>/dev/null || true
    wait "$collector_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT

# A free loopback port: bash's /dev/tcp connect fails when nobody listens.
free_port() {
  local port
  for port in $(seq "$1" $(( $1 + 200 ))); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  echo "no free port from $1" >&2; return 1
}

echo "== Building (Release) =="
dotnet build Monitor.sln -c Release -nologo -v quiet -clp:ErrorsOnly

# The web API needs a token: a fresh one for this run, in a file only we can read, named in the
# configuration by its path (the token itself never appears on a command line).
token_file="${work}/demo.token"
(umask 077 && od -An -N32 -tx1 /dev/urandom | tr -d ' \n' >"$token_file")
(umask 077 && printf 'Authorization: Bearer %s\n' "$(cat "$token_file")" >"${work}/demo.header")

# A CA of its own for this run: the collector's certificate, and the agent's (CN mail01.cty,
# OU cty, the agent id and site of config/agent.json).
certs="${work}/certs"
deploy/make-certs.sh --out "$certs" mail01.cty:cty >/dev/null

grpc_port="$(free_port 47170)"
http_port="$(free_port $(( grpc_port + 1 )))"
collector_url="https://127.0.0.1:${grpc_port}"

echo "== Starting the collector on ${collector_url} (mutual TLS; database ${work}/collector.db) =="
dotnet src/Monitor.Collector/bin/Release/net10.0/Monitor.Collector.dll \
  --config config/collector.json \
  --Collector:Listen="${collector_url}" \
  --Collector:HttpListen="http://127.0.0.1:${http_port}" \
  --Collector:DatabasePath="${work}/collector.db" \
  --Collector:ReportDirectory="${work}/reports" \
  --Collector:Tls:CertificatePath="${certs}/collector.pem" \
  --Collector:Tls:KeyPath="${certs}/collector.key" \
  --Collector:Tls:ClientCaPath="${certs}/ca.pem" \
  --Collector:Web:Tokens:0:Name=demo \
  --Collector:Web:Tokens:0:Role=read-only \
  --Collector:Web:Tokens:0:TokenFile="$token_file" \
  >"${work}/collector.log" 2>&1 &
collector_pid=$!

echo "== Replaying ${scenario} at ${speed}x through the agent =="
# The agent waits for the collector by itself: delivery retries until it answers.
dotnet src/Monitor.Agent/bin/Release/net10.0/Monitor.Agent.dll replay "${scenario}" \
  --speed "${speed}" --collector "${collector_url}" --config config/agent.json \
  --Agent:Collector:CaPath="${certs}/ca.pem" \
  --Agent:Collector:CertificatePath="${certs}/agents/mail01.cty.pem" \
  --Agent:Collector:KeyPath="${certs}/agents/mail01.cty.key"

echo
echo "== The collector's view =="
curl -fsS -H @"${work}/demo.header" "http://127.0.0.1:${http_port}/api/summary"
echo
find "${work}/reports" -name "*.md" | sort | while read -r report; do
  case "$report" in
    *.en.md) echo "Draft report, English rendering: ${report}" ;;
    *)
      echo "Draft report (Markdown, MIC template of seed 003, Japanese): ${report}"
      # The Word document an operator edits and files, as the incident page serves it. The
      # directory is the incident's id, one escaped path segment: curl takes it as it is.
      docx="$(dirname "$report")/report.docx"
      curl -fsS -H @"${work}/demo.header" -o "$docx" \
        "http://127.0.0.1:${http_port}/incidents/$(basename "$(dirname "$report")")/report.docx?lang=ja" \
        && echo "Draft report (Word, Japanese): ${docx}"
      ;;
  esac
done
