#!/usr/bin/env bash
# Every test, and the checks a change must pass: build with warnings as errors, formatting, the
# scenario data against its generators, tests.
# Prints one closing line "Tests: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=deploy/packages.sh
. deploy/packages.sh
# Debian packages the tests use as real peers (installed when run as root, else named):
# postfix, dovecot-*: the mail sources' tests start their own private instances;
# systemd-journal-remote: writes real journal files for the mail log source's journald test;
# prometheus-node-exporter, fio: the storage sources are checked against them;
# prometheus: promtool, for the scenario files and the stock-alert baseline;
# postgresql, prometheus-alertmanager, chromium, fonts-noto-cjk: the collector's peer tests;
# libreoffice-writer-nogui, poppler-utils: the Word report is converted to PDF and read back as text;
# python3-grpcio, python3-grpc-tools: a client generated from the .proto by another language;
# python3-prometheus-client: the Prometheus client's OpenMetrics writer and parser, against the replay's;
# openssl: deploy/make-certs.sh, whose certificates the TLS tests use; curl: the demo's test;
# pflogsumm: the mail log source's delivery outcomes are compared with its figures on real logs;
# systemd: systemd-analyze verify of the packages' units (deploy/package.sh, dpkg-deb from dpkg).
# clang, zlib1g-dev, dpkg-dev: deploy/package.sh compiles the agent with NativeAOT (deploy/publish-agent.sh)
# and finds its Depends with dpkg-shlibdeps; the packaging, AOT and live tests use that package.
require_packages curl openssl postfix dovecot-core dovecot-pop3d dovecot-imapd systemd-journal-remote pflogsumm \
  prometheus-node-exporter fio prometheus systemd \
  postgresql prometheus-alertmanager chromium fonts-noto-cjk python3-grpcio python3-grpc-tools \
  python3-prometheus-client clang zlib1g-dev dpkg-dev libreoffice-writer-nogui poppler-utils

results="$(mktemp -d "${TMPDIR:-/tmp}/monitor-tests.XXXXXX")"

echo "== Build (warnings are errors) =="
dotnet build Monitor.sln -nologo -v quiet -clp:ErrorsOnly

echo "== Format =="
dotnet format Monitor.sln --verify-no-changes --no-restore

# The committed scenario data must be what its generators write (the tests read it).
echo "== Scenario data =="
started=$SECONDS
deploy/scenarios.sh --check
echo "scenario check: $(( SECONDS - started )) s"

echo "== Tests =="
status=0
dotnet test Monitor.sln --no-build -nologo --logger "trx" --results-directory "$results" || status=$?

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  passed=$(( passed + ${p:-0} )); failed=$(( failed + ${f:-0} ))
done
echo "Tests: ${passed} passed, ${failed} failed"
if [ "$passed" -eq 0 ]; then echo "no test ran" >&2; exit 1; fi
exit "$status"
