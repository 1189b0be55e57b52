#!/usr/bin/env bash
# Builds the Debian packages monitor-agent and monitor-collector (amd64) with dpkg-deb, from a
# self-contained `dotnet publish` of each program (no .NET runtime needed on the host).
#   deploy/package.sh [--out DIR]      writes DIR/monitor-agent_<version>_amd64.deb and
#                                      DIR/monitor-collector_<version>_amd64.deb (default: dist/)
# Layout: the program in /usr/lib/monitor/<program>/, a link in /usr/bin, the unit in
# /lib/systemd/system, the configuration in /etc/monitor (conffiles), state in /var/lib/monitor
# (systemd's StateDirectory), examples and the README in /usr/share/doc/<package>/.
set -euo pipefail
cd "$(dirname "$0")/.."

out=dist
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    *) echo "usage: deploy/package.sh [--out DIR]" >&2; exit 2 ;;
  esac
done

version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props)"
[ -n "$version" ] || { echo "no <Version> in Directory.Build.props" >&2; exit 1; }
mkdir -p "$out"
out="$(cd "$out" && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/monitor-package.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# package program project description config
build() {
  local package="$1" program="$2" project="$3" description="$4" config="$5"
  local root="$work/$package"
  echo "== $package $version =="
  dotnet publish "$project" -c Release -r linux-x64 --self-contained -p:PublishSingleFile=true \
    -p:DebugType=none -nologo -v quiet -clp:ErrorsOnly -o "$root/usr/lib/monitor/$program"
  mkdir -p "$root/usr/bin" "$root/lib/systemd/system" "$root/etc/monitor" "$root/usr/share/doc/$package/examples" "$root/DEBIAN"
  ln -s "/usr/lib/monitor/$program/$(basename "$project" .csproj)" "$root/usr/bin/$program"
  install -m 0644 "deploy/debian/$program.service" "$root/lib/systemd/system/$program.service"
  install -m 0640 "config/examples/$config" "$root/etc/monitor/$(echo "$config" | sed 's/-[a-z]*-host//')"
  install -m 0644 config/examples/*.json "$root/usr/share/doc/$package/examples/"
  install -m 0644 README.md "$root/usr/share/doc/$package/README.md"
  cp -r docs "$root/usr/share/doc/$package/docs"

  local size
  size="$(du -sk "$root" | cut -f1)"
  cat >"$root/DEBIAN/control" <<CONTROL
Package: $package
Version: $version
Architecture: amd64
Maintainer: Monitor developers <monitor@example.invalid>
Installed-Size: $size
Depends: adduser, libc6 (>= 2.36), libicu72, libssl3, zlib1g, ca-certificates
Section: admin
Priority: optional
Homepage: https://example.invalid/monitor
Description: $description
CONTROL
  (cd "$root" && find etc -type f | sed 's:^:/:') >"$root/DEBIAN/conffiles"
  sed "s/@PROGRAM@/$program/g" deploy/debian/postinst >"$root/DEBIAN/postinst"
  sed "s/@PROGRAM@/$program/g" deploy/debian/prerm >"$root/DEBIAN/prerm"
  sed "s/@PROGRAM@/$program/g" deploy/debian/postrm >"$root/DEBIAN/postrm"
  chmod 0755 "$root/DEBIAN/postinst" "$root/DEBIAN/prerm" "$root/DEBIAN/postrm"
  dpkg-deb --build --root-owner-group -Zgzip "$root" "$out/${package}_${version}_amd64.deb" >/dev/null
  echo "$out/${package}_${version}_amd64.deb"
}

build monitor-agent monitor-agent src/Monitor.Agent/Monitor.Agent.csproj \
  "storage and mail incident detection agent
 Reads a host's storage controllers (Redfish), Fibre Channel paths, multipath maps, block
 devices, mail store filesystems and mail queues and logs, correlates what it sees into one
 incident with its causal chain and affected users, and pushes it to Monitor's collector." \
  agent-mail-host.json
build monitor-collector monitor-collector src/Monitor.Collector/Monitor.Collector.csproj \
  "incident collector for Monitor agents
 Receives Monitor agents' incidents over gRPC with mutual TLS, stores them (SQLite or
 PostgreSQL), alerts on-call through Alertmanager or webhooks, and pre-fills the incident
 report for the regulator (Japan's MIC template)." \
  collector.json
