#!/usr/bin/env bash
# Builds the Debian packages monitor-agent and monitor-collector (amd64) with dpkg-deb; neither
# needs a .NET runtime on the host. The agent is the NativeAOT binary of deploy/publish-agent.sh
# (trimmed, one native executable: needs clang and zlib1g-dev here), its Depends the libraries it
# links (dpkg-shlibdeps) and those the runtime opens at run time; the collector is a
# self-contained single-file `dotnet publish`.
#   deploy/package.sh [--out DIR]      writes DIR/monitor-agent_<version>_amd64.deb and
#                                      DIR/monitor-collector_<version>_amd64.deb (default: dist/)
# Layout: the program in /usr/lib/monitor/<program>/, a link in /usr/bin, the unit in
# /lib/systemd/system, the configuration in /etc/monitor (conffiles), state in /var/lib/monitor
# (systemd's StateDirectory), examples and the README in /usr/share/doc/<package>/.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=deploy/packages.sh
. deploy/packages.sh
# clang, zlib1g-dev: the NativeAOT compiler's linker and zlib; dpkg-dev: dpkg-shlibdeps.
require_packages clang zlib1g-dev dpkg-dev

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

# The agent, natively compiled, into $1: the executable alone (its symbols, Monitor.Agent.dbg, stay
# out). Its own bin/obj under $work, so a package build never races a build of the tree.
publish_agent() {
  local into="$1" published="$work/agent-aot"
  deploy/publish-agent.sh "$published" "$work/agent-artifacts"
  mkdir -p "$into"
  install -m 0755 "$published/Monitor.Agent" "$into/Monitor.Agent"
}

# The collector, self-contained in one file, into $1.
publish_collector() {
  dotnet publish src/Monitor.Collector/Monitor.Collector.csproj -c Release -r linux-x64 --self-contained -p:PublishSingleFile=true \
    -p:DebugType=none -nologo -v quiet -clp:ErrorsOnly -o "$1"
}

# What the agent's binary links (ELF NEEDED), as Debian package relations, from dpkg-shlibdeps and
# the shlibs of the libraries installed here (it wants a debian/control to read; a stub does).
linked_packages() {
  mkdir -p "$work/shlibdeps/debian"
  printf 'Source: monitor\n\nPackage: monitor-agent\nArchitecture: amd64\n' >"$work/shlibdeps/debian/control"
  (cd "$work/shlibdeps" && dpkg-shlibdeps -O -e"$1") | sed -n 's/^shlibs:Depends=//p'
}

# package program binary description config depends
build() {
  local package="$1" program="$2" binary="$3" description="$4" config="$5" depends="$6"
  local root="$work/$package"
  echo "== $package $version =="
  "publish_${program#monitor-}" "$root/usr/lib/monitor/$program"
  mkdir -p "$root/usr/bin" "$root/lib/systemd/system" "$root/etc/monitor" "$root/usr/share/doc/$package/examples" "$root/DEBIAN"
  # After DEBIAN/ exists: dpkg-shlibdeps takes the folder that holds it for the package's root.
  if [ "$program" = monitor-agent ]; then
    local linked
    linked="$(linked_packages "$root/usr/lib/monitor/$program/$binary")"
    [ -n "$linked" ] || { echo "dpkg-shlibdeps found no library linked by $binary" >&2; exit 1; }
    depends="$depends, $linked"
  fi
  ln -s "/usr/lib/monitor/$program/$binary" "$root/usr/bin/$program"
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
Depends: $depends
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

# Beside what the binaries link, both open at run time: libssl3 (TLS: gRPC to the collector,
# Redfish, the agents' certificates), ca-certificates (the system's trust for HTTPS peers); adduser
# for the postinst. The collector also opens libicu72 (its reports' Japanese calendar); the agent's
# globalization is invariant (src/Monitor.Agent/Monitor.Agent.csproj) and needs no ICU.
runtime="adduser, libssl3, ca-certificates"
build monitor-agent monitor-agent Monitor.Agent \
  "storage and mail incident detection agent
 Reads a host's storage controllers (Redfish), Fibre Channel paths, multipath maps, block
 devices, mail store filesystems and mail queues and logs, correlates what it sees into one
 incident with its causal chain and affected users, and pushes it to Monitor's collector.
 Natively compiled: no .NET runtime needed." \
  agent-mail-host.json "$runtime"
build monitor-collector monitor-collector Monitor.Collector \
  "incident collector for Monitor agents
 Receives Monitor agents' incidents over gRPC with mutual TLS, stores them (SQLite or
 PostgreSQL), alerts on-call through Alertmanager or webhooks, and pre-fills the incident
 report for the regulator (Japan's MIC template)." \
  collector.json "$runtime, libicu72, libc6 (>= 2.36), zlib1g"
