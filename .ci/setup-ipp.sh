#!/usr/bin/env bash
# Installs what the IPP driver tests need (printer-protocols.md §6.5): ippeveprinter and ipptool
# (cups-ipp-utils) and, because Debian builds ippeveprinter with Avahi, a system D-Bus and
# avahi-daemon. Idempotent: installs only what is missing, so a second run does nothing.
# The daemons are started by test/support/ippeveprinter.ts when a test needs them (as root).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

need=()
command -v ippeveprinter >/dev/null 2>&1 || need+=(cups-ipp-utils)
command -v ipptool >/dev/null 2>&1 || need+=(cups-ipp-utils)
command -v dbus-daemon >/dev/null 2>&1 || need+=(dbus)
command -v avahi-daemon >/dev/null 2>&1 || need+=(avahi-daemon)

if [ ${#need[@]} -gt 0 ]; then
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends $(printf '%s\n' "${need[@]}" | sort -u) >/dev/null
fi
