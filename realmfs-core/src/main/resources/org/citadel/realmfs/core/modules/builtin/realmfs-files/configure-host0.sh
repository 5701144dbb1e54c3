#!/bin/bash
# Configures the container's host0 network interface from the variables Citadel sets in PID 1's
# environment (see systemd's Container Interface): IFCONFIG_IP (an address with its prefix length,
# such as 172.17.0.5/24) and IFCONFIG_GW (the default gateway).
set -euo pipefail

ip=
gateway=
while IFS= read -r -d '' variable; do
    case $variable in
        IFCONFIG_IP=*) ip=${variable#IFCONFIG_IP=} ;;
        IFCONFIG_GW=*) gateway=${variable#IFCONFIG_GW=} ;;
    esac
done < /proc/1/environ

if [[ -z $ip ]]; then
    echo "configure-host0: IFCONFIG_IP is not set; leaving host0 unconfigured"
    exit 0
fi

echo "configure-host0: address ${ip}${gateway:+, gateway ${gateway}}"
ip address replace "$ip" dev host0
ip link set host0 up
if [[ -n $gateway ]]; then
    ip route replace default via "$gateway" dev host0
fi
