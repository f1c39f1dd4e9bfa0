#!/usr/bin/env bash
# Installs what the IPP driver tests need: ippeveprinter (cups-ipp-utils) and, because Debian builds
# it with Avahi, a system D-Bus and avahi-daemon (printer-protocols.md §6.5). Idempotent: installs
# only what is missing, so a second run does nothing. The daemons themselves are started by
# test/support/ippeveprinter.ts when a test needs them.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

need=()
command -v ippeveprinter >/dev/null 2>&1 || need+=(cups-ipp-utils)
command -v dbus-daemon >/dev/null 2>&1 || need+=(dbus)
command -v avahi-daemon >/dev/null 2>&1 || [ -x /usr/sbin/avahi-daemon ] || need+=(avahi-daemon)

if [ ${#need[@]} -gt 0 ]; then
  apt_get=(apt-get)
  [ "$(id -u)" -eq 0 ] || apt_get=(sudo apt-get)
  "${apt_get[@]}" update -qq
  "${apt_get[@]}" install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
