#!/usr/bin/env bash
# The agent beside node_exporter, on the same fixture tree, at the same time (issue 12): what an
# operator compares before installing the agent on every host. Public tools only: Debian's
# prometheus-node-exporter, curl, /proc accounting (each thread's run time in nanoseconds from
# /proc/PID/task/*/schedstat, or utime+stime of /proc/PID/stat in 10 ms ticks where a thread ended
# in between; VmRSS and VmHWM of /proc/PID/status) and /usr/bin/time for the totals at exit.
#
# Both read the tree's /proc/diskstats and /sys/class/fc_host (node_exporter: the diskstats and
# fibrechannel collectors only; the agent: its DiskStats and FcHost sources, every second). Once a
# second both are scraped, as a Prometheus would: node_exporter collects on that scrape, the agent
# has collected and evaluated its rules on its own timer. So one cycle costs node_exporter one
# collection and one rendering, and the agent one collection, one evaluation and one rendering.
# CPU per cycle is taken early (the first cycles after the first scrape, JIT and warm-up
# included for a JIT build) and steady (after --steady-after seconds). Then both are scraped
# back to back for the scrape cost alone. Figures are printed; nothing is asserted (the machine
# is shared and noisy: run it on a quiet one, and read the ratios).
#
# usage: benchmarks/side-by-side.sh [--agent BINARY] [--tree DIR] [--cycles N] [--steady-after SECONDS] [--scrapes N]
#   --agent BINARY        the agent to measure (default: publish it as it ships, NativeAOT, with
#                         deploy/publish-agent.sh, into the work folder)
#   --tree DIR            a tree with proc/ and sys/ (default: ../shared/fixtures/node_exporter)
#   --cycles N            cycles per measured stretch, early and steady (default 60)
#   --steady-after SECONDS  when the steady stretch starts, after the first scrape (default 300)
#   --scrapes N           back-to-back scrapes for the scrape cost (default 200)
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"

# shellcheck source=deploy/packages.sh
. deploy/packages.sh
require_packages prometheus-node-exporter curl time

agent=""
tree="$repo/../shared/fixtures/node_exporter"
cycles=60
steady_after=300
scrapes=200
while [[ $# -gt 0 ]]; do
  case "$1" in
    --agent) agent="$2"; shift 2 ;;
    --tree) tree="$2"; shift 2 ;;
    --cycles) cycles="$2"; shift 2 ;;
    --steady-after) steady_after="$2"; shift 2 ;;
    --scrapes) scrapes="$2"; shift 2 ;;
    *) sed -n '/^# usage:/,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2 ;;
  esac
done
for n in "$cycles" "$steady_after" "$scrapes"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "side-by-side: '$n' is not a positive whole number" >&2; exit 2; }
done
if (( steady_after < cycles )); then
  echo "side-by-side: --steady-after ($steady_after s) must not start before the early stretch ($cycles cycles) ends" >&2
  exit 2
fi
[[ -d "$tree/proc" && -d "$tree/sys" ]] || { echo "side-by-side: $tree has no proc/ and sys/" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/monitor-side-by-side.XXXXXX")"
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

if [[ -z "$agent" ]]; then
  require_packages clang zlib1g-dev
  echo "== Publishing the agent (NativeAOT) into $work/agent =="
  deploy/publish-agent.sh "$work/agent" "$work/artifacts" >/dev/null
  agent="$work/agent/Monitor.Agent"
fi
[[ -x "$agent" ]] || { echo "side-by-side: $agent is not an executable" >&2; exit 2; }

# One copy of the tree that both read.
cp -r "$tree/proc" "$tree/sys" "$work/"

# A free loopback port, asked of the kernel rather than guessed.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
  || shuf -i 20000-60000 -n 1; }
exporter_port="$(free_port)"
agent_port="$(free_port)"

# The agent's topology is what `discover` writes for this tree, with its blanks filled as a bench
# site (the loader refuses a file with blanks; the values only name the site).
"$agent" discover --root "$work" --host bench01 --out "$work/topology.json" >/dev/null 2>&1 || true
[[ -s "$work/topology.json" ]] || { echo "side-by-side: monitor-agent discover wrote no topology for $tree" >&2; exit 1; }
sed -i -E 's/"FILL IN: ([^"\\]|\\.)*"/"bench"/' "$work/topology.json"
cat > "$work/agent.json" <<EOF
{ "Agent": {
    "AgentId": "bench01", "Host": "bench01", "Site": "bench", "TopologyPath": "$work/topology.json",
    "Collector": { "Address": "http://127.0.0.1:1" },
    "Outbox": { "Durable": false, "Path": "$work/outbox" },
    "Sources": {
      "DiskStats": { "Enabled": true, "Interval": "00:00:01", "Timeout": "00:00:01", "Root": "$work" },
      "FcHost": { "Enabled": true, "Interval": "00:00:01", "Timeout": "00:00:01", "Root": "$work" } },
    "Http": { "Listen": "http://127.0.0.1:$agent_port" } } }
EOF
"$agent" check-config --config "$work/agent.json" >"$work/check-config.txt" 2>&1 \
  || { cat "$work/check-config.txt" >&2; exit 1; }

now() { date +%s.%N; }
# A process's CPU so far, as "TICKS NANOSECONDS TIDS": user + system of /proc/PID/stat in
# seconds (10 ms ticks; the threads dead and alive), the run time of its live threads from
# /proc/PID/task/*/schedstat (to the nanosecond), and those threads' ids.
cpu_snapshot() {
  local f tid run ns=0 ids=","
  for f in /proc/"$1"/task/*/schedstat; do
    if read -r run _ <"$f" 2>/dev/null; then
      tid="${f%/schedstat}"; tid="${tid##*/}"
      ns=$(( ns + run )); ids+="$tid,"
    fi
  done
  awk -v tck="$(getconf CLK_TCK)" -v ns="$ns" -v ids="$ids" \
    '{ sub(/^.*\) /, ""); printf "%.2f %.9f %s", ($12 + $13) / tck, ns / 1e9, ids }' "/proc/$1/stat"
}
# CPU seconds between two snapshots: to the nanosecond when every thread of the first is alive in
# the second (a thread that ended took its run time with it), else in ticks.
cpu_between() {
  awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " "); n = split(x[3], t, ",")
    exact = (n > 2)
    for (i = 1; i <= n; i++) if (t[i] != "" && index(y[3], "," t[i] ",") == 0) exact = 0
    printf "%.9f", exact ? y[2] - x[2] : y[1] - x[1] }'
}
status_kb() { awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status"; }
# The measured process is the child of /usr/bin/time.
child_of() { local child=""; while [[ -z "$child" ]]; do child="$(pgrep -P "$1" | head -n 1 || true)"; [[ -n "$child" ]] || sleep 0.001; done; echo "$child"; }

# Starts a program under /usr/bin/time; sets started_pid to the measured process.
started_pid=""
start() {
  local name="$1"; shift
  /usr/bin/time -f "%U %S %M" -o "$work/$name.time" "$@" >"$work/$name.log" 2>&1 &
  pids+=("$!")
  started_pid="$(child_of "$!")"
  pids+=("$started_pid")
}

# Seconds from start until a scrape answers with the data of a first collection.
first_scrape() {
  local url="$1" pattern="$2" started="$3"
  until curl -sf --max-time 1 "$url" 2>/dev/null | grep -q "$pattern"; do :; done
  awk -v a="$started" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'
}

exporter_url="http://127.0.0.1:$exporter_port/metrics"
agent_url="http://127.0.0.1:$agent_port/metrics"

echo "== Starting node_exporter and the agent on $tree =="
t0="$(now)"
start exporter prometheus-node-exporter --path.procfs="$work/proc" --path.sysfs="$work/sys" \
  --collector.disable-defaults --collector.diskstats --collector.fibrechannel --web.listen-address="127.0.0.1:$exporter_port"
exporter_pid="$started_pid"
exporter_answer="$(first_scrape "$exporter_url" '' "$t0")"
exporter_start="$(first_scrape "$exporter_url" '^node_disk_reads_completed_total' "$t0")"
t0="$(now)"
start agent "$agent" run --config "$work/agent.json"
agent_pid="$started_pid"
# The agent's first collection is shown once each source has read once (its block figures are
# rates, so they need a second read, one interval later: not counted here).
agent_answer="$(first_scrape "$agent_url" '' "$t0")"
agent_start="$(first_scrape "$agent_url" '^monitor_agent_source_up{source="fchost"} 1' "$t0")"
agent_start="$(first_scrape "$agent_url" '^monitor_agent_source_up{source="diskstats"} 1' "$t0")"

# One cycle: both scraped once, then the rest of the second.
cycle() {
  local tick; tick="$(now)"
  curl -sf --max-time 1 -o /dev/null "$exporter_url" || echo "side-by-side: node_exporter did not answer a scrape" >&2
  curl -sf --max-time 1 -o /dev/null "$agent_url" || echo "side-by-side: the agent did not answer a scrape" >&2
  sleep "$(awk -v t="$tick" -v n="$(now)" 'BEGIN { d = 1 - (n - t); print (d > 0 ? d : 0) }')"
}

# CPU per cycle (ms) over N cycles, for both: "agent_ms exporter_ms".
stretch() {
  local a0 e0 i
  a0="$(cpu_snapshot "$agent_pid")"; e0="$(cpu_snapshot "$exporter_pid")"
  for (( i = 0; i < $1; i++ )); do cycle; done
  awk -v a="$(cpu_between "$a0" "$(cpu_snapshot "$agent_pid")")" -v e="$(cpu_between "$e0" "$(cpu_snapshot "$exporter_pid")")" -v n="$1" \
    'BEGIN { printf "%.2f %.2f", a * 1000 / n, e * 1000 / n }'
}

echo "== Early: $cycles cycles =="
read -r agent_early exporter_early <<<"$(stretch "$cycles")"
echo "== Waiting for the steady stretch (${steady_after} s after the first scrape) =="
for (( i = cycles; i < steady_after; i++ )); do cycle; done
echo "== Steady: $cycles cycles =="
read -r agent_steady exporter_steady <<<"$(stretch "$cycles")"
agent_rss="$(status_kb "$agent_pid" VmRSS)"; exporter_rss="$(status_kb "$exporter_pid" VmRSS)"
agent_hwm="$(status_kb "$agent_pid" VmHWM)"; exporter_hwm="$(status_kb "$exporter_pid" VmHWM)"

# The agent's cycles alone, unscraped (node_exporter does nothing unscraped): the share of its
# CPU that the scrape burst below must not count as scrape cost.
quiet() {
  local a0 e0 t0 t1
  a0="$(cpu_snapshot "$agent_pid")"; e0="$(cpu_snapshot "$exporter_pid")"; t0="$(now)"
  sleep "$1"
  t1="$(now)"
  awk -v a="$(cpu_between "$a0" "$(cpu_snapshot "$agent_pid")")" -v e="$(cpu_between "$e0" "$(cpu_snapshot "$exporter_pid")")" -v t0="$t0" -v t1="$t1" \
    'BEGIN { printf "%.2f %.2f", a * 1000 / (t1 - t0), e * 1000 / (t1 - t0) }'
}
echo "== Unscraped: $cycles s =="
read -r agent_quiet exporter_quiet <<<"$(quiet "$cycles")"

# The scrape alone: N back-to-back scrapes, less what the process spends per second unscraped.
scrape_cost() {
  local pid="$1" url="$2" per_second="$3" c0 c t0 t1 i
  c0="$(cpu_snapshot "$pid")"; t0="$(now)"
  for (( i = 0; i < scrapes; i++ )); do curl -sf -o /dev/null "$url"; done
  c="$(cpu_between "$c0" "$(cpu_snapshot "$pid")")"; t1="$(now)"
  awk -v c="$c" -v t0="$t0" -v t1="$t1" -v n="$scrapes" -v base="$per_second" \
    'BEGIN { v = (c * 1000 - base * (t1 - t0)) / n; printf "%.2f", (v > 0 ? v : 0) }'
}
exporter_scrape="$(scrape_cost "$exporter_pid" "$exporter_url" "$exporter_quiet")"
agent_scrape="$(scrape_cost "$agent_pid" "$agent_url" "$agent_quiet")"
exporter_bytes="$(curl -sf "$exporter_url" | wc -c)"
agent_bytes="$(curl -sf "$agent_url" | wc -c)"

kill -TERM "$agent_pid" "$exporter_pid"
wait "${pids[@]}" 2>/dev/null || true
pids=()

row() { awk -v m="$1" -v a="$2" -v e="$3" -v u="$4" \
  'BEGIN { r = (e > 0 ? sprintf("%.2fx", a / e) : "-"); printf "%-44s %14s %14s %8s\n", m, a " " u, e " " u, r }'; }
echo
printf "%-44s %14s %14s %8s\n" "measure" "monitor-agent" "node_exporter" "ratio"
row "CPU per cycle, early (cycles 1-$cycles)" "$agent_early" "$exporter_early" ms
row "CPU per cycle, steady (after ${steady_after} s)" "$agent_steady" "$exporter_steady" ms
row "CPU per second unscraped" "$agent_quiet" "$exporter_quiet" ms
row "resident memory at the end (VmRSS)" "$(( agent_rss / 1024 ))" "$(( exporter_rss / 1024 ))" MiB
row "peak resident memory (VmHWM)" "$(( agent_hwm / 1024 ))" "$(( exporter_hwm / 1024 ))" MiB
row "start to first answer on /metrics" "$agent_answer" "$exporter_answer" s
row "start to first scrape with a collection" "$agent_start" "$exporter_start" s
row "scrape cost, CPU (of $scrapes back to back)" "$agent_scrape" "$exporter_scrape" ms
row "scrape size" "$(( agent_bytes / 1024 ))" "$(( exporter_bytes / 1024 ))" KiB
# The last line: a program ended by a signal has "Command terminated by signal 15" before it.
read -r au as am < <(tail -n 1 "$work/agent.time") || true
read -r eu es em < <(tail -n 1 "$work/exporter.time") || true
echo
echo "/usr/bin/time at exit: agent ${au:-?} s user, ${as:-?} s system, max RSS $(( ${am:-0} / 1024 )) MiB;" \
  "node_exporter ${eu:-?} s user, ${es:-?} s system, max RSS $(( ${em:-0} / 1024 )) MiB"
echo "agent: $agent ($(stat -c %s "$agent") bytes); node_exporter: $(prometheus-node-exporter --version 2>&1 | head -n 1)"
