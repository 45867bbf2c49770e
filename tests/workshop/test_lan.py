"""The room's address from the laptop's interfaces, as psutil lists them on Windows, macOS and Linux.

The tables below are shaped like `psutil.net_if_addrs()` and `psutil.net_if_stats()` on each
system: interface names as the system gives them, IPv6 and link-layer entries mixed in.
"""

from __future__ import annotations

import socket
from collections import namedtuple

import pytest

from wizard.cli import main as cli_main
from wizard.workshop import lan
from wizard.workshop.lan import Interface, detect_address, interfaces_from, pick_address
from wizard.workshop.room import WorkshopError

# The fields psutil's own named tuples have.
Addr = namedtuple("Addr", "family address netmask broadcast ptp")
Stats = namedtuple("Stats", "isup duplex speed mtu flags")
LINK = -1  # psutil.AF_LINK: a MAC address entry


def v4(address: str, ptp: str | None = None) -> Addr:
    return Addr(socket.AF_INET, address, "255.255.255.0", None, ptp)


def v6(address: str) -> Addr:
    return Addr(socket.AF_INET6, address, "ffff:ffff:ffff:ffff::", None, None)


def mac(address: str) -> Addr:
    return Addr(LINK, address, None, None, None)


def up(flag: bool = True) -> Stats:
    return Stats(flag, 2, 1000, 1500, "")


WINDOWS = {
    "Ethernet": [mac("3C-52-82-11-22-33"), v4("169.254.12.7"), v6("fe80::1")],
    "vEthernet (WSL)": [mac("00-15-5D-AA-BB-CC"), v4("172.24.16.1")],
    "vEthernet (Default Switch)": [v4("172.30.112.1")],
    "VirtualBox Host-Only Network": [v4("192.168.56.1")],
    "VMware Network Adapter VMnet8": [v4("192.168.80.1")],
    "Tailscale": [v4("100.101.102.103")],
    "Wi-Fi": [mac("A4-C3-F0-11-22-33"), v4("192.168.1.23"), v6("fe80::2")],
    "Loopback Pseudo-Interface 1": [v4("127.0.0.1"), v6("::1")],
}
WINDOWS_STATS = {name: up(name != "Ethernet") for name in WINDOWS}
# Windows Mobile Hotspot: a "Local Area Connection* N" adapter that always takes 192.168.137.1.
WINDOWS_HOTSPOT = {**WINDOWS, "Local Area Connection* 10": [v4("192.168.137.1")]}

MACOS = {
    "lo0": [v4("127.0.0.1"), v6("::1")],
    "anpi0": [mac("aa:bb:cc:00:00:01")],
    "en5": [v4("169.254.40.2")],
    "ap1": [mac("aa:bb:cc:00:00:02")],
    "bridge100": [v4("192.168.64.1")],  # virtual machines (Docker Desktop, UTM) share this name
    "awdl0": [v6("fe80::3")],
    "utun3": [v4("100.64.0.5", ptp="100.64.0.5")],
    "en0": [mac("aa:bb:cc:00:00:03"), v4("172.20.10.4"), v6("fe80::4")],  # joined to a phone's hotspot
}
MACOS_STATS = {name: up() for name in MACOS}
# Internet Sharing: the Mac itself is the hotspot, on bridge100 with 192.168.2.1.
MACOS_SHARING = {**MACOS, "bridge100": [v4("192.168.2.1")]}

LINUX = {
    "lo": [v4("127.0.0.1"), v6("::1")],
    "enp0s31f6": [v4("10.20.0.15")],
    "docker0": [v4("172.17.0.1")],
    "br-5a7c9d": [v4("172.18.0.1")],
    "virbr0": [v4("192.168.122.1")],
    "wg0": [v4("10.8.0.2")],
    "tailscale0": [v4("100.87.1.2")],
    "wlp2s0": [v4("192.168.43.17")],
}
LINUX_STATS = {name: up() for name in LINUX}
# NetworkManager's hotspot: the Wi-Fi adapter itself becomes 10.42.0.1.
LINUX_HOTSPOT = {**LINUX, "wlp2s0": [v4("10.42.0.1")]}


def address(addrs, stats) -> str:
    return detect_address(interfaces_from(addrs, stats))


def test_on_windows_the_wifi_address_wins_over_wsl_hyper_v_virtualbox_vmware_and_a_vpn():
    assert address(WINDOWS, WINDOWS_STATS) == "192.168.1.23"


def test_on_windows_the_mobile_hotspot_address_comes_first():
    stats = {**WINDOWS_STATS, "Local Area Connection* 10": up()}
    assert address(WINDOWS_HOTSPOT, stats) == "192.168.137.1"


def test_on_a_mac_the_wifi_address_wins_over_virtual_machines_tunnels_and_link_local():
    assert address(MACOS, MACOS_STATS) == "172.20.10.4"


def test_on_a_mac_sharing_its_connection_the_shared_network_comes_first():
    assert address(MACOS_SHARING, MACOS_STATS) == "192.168.2.1"


def test_on_linux_the_wifi_address_wins_over_ethernet_docker_libvirt_and_vpns():
    assert address(LINUX, LINUX_STATS) == "192.168.43.17"


def test_on_linux_a_networkmanager_hotspot_comes_first():
    assert address(LINUX_HOTSPOT, LINUX_STATS) == "10.42.0.1"


def test_a_wired_adapter_serves_when_there_is_no_wifi():
    addrs = {k: v for k, v in LINUX.items() if k != "wlp2s0"}
    assert address(addrs, LINUX_STATS) == "10.20.0.15"


def test_an_adapter_that_is_down_is_never_chosen():
    stats = {**LINUX_STATS, "wlp2s0": up(False), "enp0s31f6": up(False)}
    with pytest.raises(WorkshopError, match="--address"):
        address(LINUX, stats)


def test_only_ipv4_entries_become_interfaces():
    found = interfaces_from(MACOS, MACOS_STATS)
    assert Interface("en0", "172.20.10.4") in found
    assert not any(i.name in ("awdl0", "anpi0", "ap1") for i in found)
    assert Interface("utun3", "100.64.0.5", point_to_point=True) in found


def test_link_local_and_loopback_addresses_are_never_chosen():
    assert pick_address([Interface("eth0", "169.254.3.4"), Interface("lo", "127.0.0.1")]) is None


def test_no_reachable_address_is_a_plain_error_that_suggests_the_flag():
    with pytest.raises(WorkshopError, match="--address"):
        detect_address([Interface("Loopback Pseudo-Interface 1", "127.0.0.1")])


def test_the_address_flag_overrides_detection(monkeypatch, capsys):
    def refuse():
        raise AssertionError("interfaces were listed although --address was given")

    monkeypatch.setattr(lan, "lan_interfaces", refuse)
    code = cli_main(["serve", "--workshop", "--address", "192.168.137.1", "--passcode", "secret-42", "--dry-run"])
    assert code == 0
    assert "--server.address 192.168.137.1" in capsys.readouterr().out


def test_this_machines_interfaces_are_listed_without_opening_a_socket(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a socket was opened")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    found = lan.lan_interfaces()
    assert any(i.address == "127.0.0.1" for i in found)  # psutil really listed them


def test_the_source_has_no_connect_to_a_public_resolver_trick():
    source = open(lan.__file__, encoding="utf-8").read()
    assert "8.8.8.8" not in source and ".connect(" not in source
