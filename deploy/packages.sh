#!/usr/bin/env bash
# Sourced by deploy/test.sh, deploy/demo.sh and deploy/package.sh: `require_packages PKG...` makes sure Debian's
# packages are there before anything builds. As root it installs what is missing (quietly, and
# not at all when everything is installed); otherwise it stops at once with the one line to run.

require_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  [ "${#missing[@]}" -eq 0 ] && return 0

  if [ "$(id -u)" != "0" ]; then
    echo "missing Debian packages; run: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi

  echo "== Installing Debian packages: ${missing[*]} =="
  export DEBIAN_FRONTEND=noninteractive
  # Postfix asks how to configure the system's own instance; the tests bring their own.
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
}
