"""The laptop's own address for a room: the one the attendees' phones can reach.

Owns: listing the network interfaces through psutil (the same call on Windows, macOS and
Linux; interfaces are listed, never probed, so no packet leaves the machine), telling the
virtual adapters apart (WSL, Hyper-V, VirtualBox, VMware, Docker, VPN tunnels) and ranking the
rest: the laptop's own hotspot first, then Wi-Fi, then any other adapter.

Must not know: Streamlit, the server command line, the clock.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from wizard.workshop.room import WorkshopError

#: Addresses a laptop gives itself when it *is* the hotspot: Windows Mobile Hotspot,
#: NetworkManager's shared connection (Linux), macOS Internet Sharing.
HOTSPOT_ADDRESSES = frozenset({"192.168.137.1", "10.42.0.1", "192.168.2.1"})

#: Adapters no phone in the room can reach: containers and virtual machines, VPN tunnels,
#: loopback, Bluetooth, Apple's peer-to-peer links. Names as Linux, macOS and Windows give them.
_VIRTUAL = re.compile(
    r"^(lo\d*$|br-|veth|virbr|vmnet|vboxnet|lxc|lxd|cni|flannel|cali|podman|"
    r"utun|tun|tap|wg|zt|awdl|llw|anpi|gif|stf|ppp|ipsec)"
    r"|vethernet|hyper-v|wsl|virtualbox|vmware|docker|loopback|bluetooth|"
    r"vpn|wireguard|openvpn|tailscale|zerotier|nordlynx|anyconnect|npcap",
    re.IGNORECASE,
)
#: Wi-Fi adapters: Linux (wlan0, wlp2s0), Windows ("Wi-Fi", "WLAN", "Wireless Network
#: Connection") and en0, the built-in Wi-Fi of every Mac laptop.
_WIRELESS = re.compile(r"^(wl|wi-?fi|wireless|en0$)", re.IGNORECASE)


@dataclass(frozen=True)
class Interface:
    name: str
    address: str  # IPv4
    up: bool = True
    point_to_point: bool = False  # a tunnel: VPNs and dial-up links


def interfaces_from(addrs: Mapping[str, Sequence[Any]], stats: Mapping[str, Any]) -> list[Interface]:
    """IPv4 interfaces from `psutil.net_if_addrs()` and `psutil.net_if_stats()`, in the system's order."""
    found = []
    for name, entries in addrs.items():
        stat = stats.get(name)
        for entry in entries:
            if entry.family == socket.AF_INET:
                found.append(Interface(name, entry.address, bool(stat.isup) if stat else True, bool(entry.ptp)))
    return found


def lan_interfaces() -> list[Interface]:
    """Every IPv4 interface this machine has. Lists them; opens no connection."""
    import psutil

    return interfaces_from(psutil.net_if_addrs(), psutil.net_if_stats())


def _rank(iface: Interface) -> tuple[int, int] | None:
    """Lower is better; None for an adapter no phone in the room can reach."""
    try:
        ip = ipaddress.IPv4Address(iface.address)
    except ValueError:
        return None
    if not iface.up or iface.point_to_point or _VIRTUAL.search(iface.name):
        return None
    if ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_unspecified:
        return None
    if iface.address in HOTSPOT_ADDRESSES:
        kind = 0
    elif _WIRELESS.match(iface.name):
        kind = 1
    else:
        kind = 2
    return (kind, 0 if ip.is_private else 1)


def pick_address(interfaces: Iterable[Interface]) -> str | None:
    """The address phones in the room are most likely to reach, or None."""
    ranked = [(r, i) for i in interfaces if (r := _rank(i)) is not None]
    if not ranked:
        return None
    ranked.sort(key=lambda ri: ri[0])  # stable: keeps the system's order within a rank
    return ranked[0][1].address


def detect_address(interfaces: Iterable[Interface] | None = None) -> str:
    address = pick_address(lan_interfaces() if interfaces is None else interfaces)
    if address is None:
        raise WorkshopError(
            "No network address for the room was found: join the laptop to the hotspot "
            "(or start one), then try again, or give the address with --address."
        )
    return address
