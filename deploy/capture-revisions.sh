#!/usr/bin/env bash
# Regenerates the revision fixtures of tests/Monitor.Collector.Tests/Fixtures from the real
# programs: for each seed scenario, a collector on loopback with a fresh SQLite file takes what
# the agent pushes while it replays the scenario (--speed 0), and the incident's stored revisions
# are read back over the collector's API (GET /api/incidents/{id}/revisions.jsonl), as the agent
# sent them. Of a scenario with several incidents, the one with the most affected users is kept
# (the earliest opened of a tie): the outage the seed describes.
# Usage: deploy/capture-revisions.sh [output-dir]   (default: the fixtures directory)
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=deploy/packages.sh
. deploy/packages.sh
# curl: the collector's API; jq: picking the incident out of its list.
require_packages curl jq

out="${1:-tests/Monitor.Collector.Tests/Fixtures}"
work="$(mktemp -d "${TMPDIR:-/tmp}/monitor-capture.XXXXXX")"
collector_pid=""
stop_collector() {
  if [ -n "$collector_pid" ] && kill -0 "$collector_pid" 2>/dev/null; then
    kill "$collector_pid" 2>/dev/null || true
    wait "$collector_pid" 2>/dev/null || true
  fi
  collector_pid=""
}
trap 'stop_collector; rm -rf "$work"' EXIT

# A free loopback port: bash's /dev/tcp connect fails when nobody listens.
free_port() {
  local port
  for port in $(seq "$1" $(( $1 + 200 ))); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  echo "no free port from $1" >&2; return 1
}

echo "== Building the agent and the collector =="
dotnet build src/Monitor.Agent -nologo -v quiet -clp:ErrorsOnly
dotnet build src/Monitor.Collector -nologo -v quiet -clp:ErrorsOnly
collector=src/Monitor.Collector/bin/Debug/net10.0/Monitor.Collector.dll
agent=src/Monitor.Agent/bin/Debug/net10.0/Monitor.Agent.dll

# capture SCENARIO all|last: every revision (SCENARIO.revisions.jsonl) or the last one (SCENARIO.revision.json).
capture() {
  local scenario="$1" which="$2" dir="${work}/$1"
  mkdir -p "$dir"
  local grpc_port http_port
  grpc_port="$(free_port 47370)"
  http_port="$(free_port $(( grpc_port + 1 )))"
  dotnet "$collector" --config config/collector.json \
    --Collector:Listen="http://127.0.0.1:${grpc_port}" \
    --Collector:HttpListen="http://127.0.0.1:${http_port}" \
    --Collector:DatabasePath="${dir}/collector.db" \
    --Collector:ReportDirectory="${dir}/reports" \
    --Collector:Web:Anonymous=read-only \
    >"${dir}/collector.log" 2>&1 &
  collector_pid=$!

  # The agent waits for the collector by itself: delivery retries until it answers.
  dotnet "$agent" replay "config/scenarios/${scenario}" --speed 0 \
    --collector "http://127.0.0.1:${grpc_port}" --config config/agent.json >"${dir}/agent.log" 2>&1

  local api="http://127.0.0.1:${http_port}/api"
  local id
  id="$(curl -fsS "${api}/incidents" | jq -r 'sort_by(-.affectedUsersMax, .openedAt) | .[0].id // empty')"
  if [ -z "$id" ]; then
    echo "${scenario}: the collector holds no incident; see ${dir}/agent.log" >&2
    exit 1
  fi

  if [ "$which" = all ]; then
    curl -fsS "${api}/incidents/${id}/revisions.jsonl" >"${out}/${scenario}.revisions.jsonl"
    echo "${scenario}: ${id}, $(wc -l <"${out}/${scenario}.revisions.jsonl") revisions -> ${out}/${scenario}.revisions.jsonl"
  else
    curl -fsS "${api}/incidents/${id}/revisions.jsonl" | tail -n 1 >"${out}/${scenario}.revision.json"
    echo "${scenario}: ${id}, last revision -> ${out}/${scenario}.revision.json"
  fi

  stop_collector
}

capture cty-2017 all
capture freebit-2020 all
capture alpha-mail-2016 last
capture canon-2020 last
capture asahi-2017 last
capture docomo-2020 last
