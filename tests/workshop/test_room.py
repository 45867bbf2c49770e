"""Room mode without a server: the address given, the streamlit command line, the settings the
pages read, the passcode check, the join QR code and the room counts."""

from __future__ import annotations

import io
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from wizard.cli import main as cli_main
from wizard.domain import shipped
from wizard.domain.book import RULES_DIR_ENV
from wizard.workshop import room as workshop
from wizard.workshop.room import (
    RoomCounts,
    ServeOptions,
    Settings,
    WorkshopError,
    check_address,
    passcode_matches,
    qr_png,
    server_env,
    streamlit_command,
)


@pytest.mark.parametrize("bad", ["0.0.0.0", "example.org", "192.168.1", "::1", "224.0.0.1"])
def test_an_address_that_is_not_one_ipv4_address_is_refused(bad):
    with pytest.raises(WorkshopError):
        check_address(bad)


def flag_value(cmd: list[str], flag: str) -> str:
    return cmd[cmd.index(flag) + 1]


def test_the_room_command_binds_to_the_address_and_allows_only_that_host():
    cmd = streamlit_command("app.py", ServeOptions("192.168.137.1", 8600, workshop=True), python="py")
    assert cmd[:5] == ["py", "-m", "streamlit", "run", "app.py"]
    assert flag_value(cmd, "--server.address") == "192.168.137.1"
    assert flag_value(cmd, "--browser.serverAddress") == "192.168.137.1"
    assert flag_value(cmd, "--server.allowedHosts") == "192.168.137.1"
    assert flag_value(cmd, "--server.port") == "8600"
    assert int(flag_value(cmd, "--server.disconnectedSessionTTL")) >= 600


def test_every_hardening_flag_is_kept_in_both_modes():
    for options in (ServeOptions("127.0.0.1"), ServeOptions("10.0.0.5", workshop=True)):
        cmd = streamlit_command("app.py", options)
        assert flag_value(cmd, "--server.fileWatcherType") == "none"
        assert flag_value(cmd, "--runner.postScriptGC") == "false"
        assert flag_value(cmd, "--server.headless") == "true"


def test_the_passcode_is_never_on_the_command_line_only_in_the_servers_environment():
    options = ServeOptions("10.0.0.5", workshop=True, passcode="s3cret-pass", kiosk_idle_minutes=15, room_summary=True)
    cmd = streamlit_command("app.py", options)
    assert not any("s3cret" in part for part in cmd)
    env = server_env({"PATH": "/bin", workshop.ROOM_SUMMARY_ENV: "0"}, options)
    assert env["PATH"] == "/bin"
    settings = Settings.from_env(env)
    assert settings == Settings(True, "http://10.0.0.5:8501/", "s3cret-pass", 15, True)


def test_a_plain_serve_clears_room_settings_left_in_the_shell():
    env = server_env({workshop.WORKSHOP_ENV: "1", workshop.ROOM_SUMMARY_ENV: "1"}, ServeOptions("127.0.0.1"))
    assert Settings.from_env(env) == Settings()
    assert not Settings().advisor_page


def test_a_rule_book_of_ones_own_reaches_the_server_through_its_environment(tmp_path):
    env = server_env({}, ServeOptions("127.0.0.1", rules_dir=tmp_path))
    assert env[RULES_DIR_ENV] == str(tmp_path)
    assert RULES_DIR_ENV not in server_env({}, ServeOptions("127.0.0.1"))


def test_serve_refuses_a_rules_folder_that_is_not_there(capsys, tmp_path):
    assert cli_main(["serve", "--dry-run", "--rules", str(tmp_path / "nowhere")]) == 2
    assert "nowhere: no such folder" in capsys.readouterr().err


def test_serve_runs_the_app_beside_the_hardened_config_that_ships_with_the_package(capsys):
    assert cli_main(["serve", "--dry-run"]) == 0
    app = Path(capsys.readouterr().out.strip().splitlines()[-1].split()[4])
    assert app == shipped.APP
    assert (app.parent / ".streamlit" / "config.toml").is_file()
    assert (app.parent / "rules").is_dir()


def test_the_advisor_page_exists_in_room_mode_or_with_a_passcode():
    assert Settings(workshop=True).advisor_page
    assert Settings(passcode="123456").advisor_page


def test_a_short_passcode_or_a_silly_idle_time_in_the_environment_is_ignored():
    settings = Settings.from_env({workshop.PASSCODE_ENV: "123", workshop.KIOSK_IDLE_ENV: "0"})
    assert settings.passcode is None and settings.kiosk_idle_minutes is None
    assert Settings.from_env({workshop.KIOSK_IDLE_ENV: "ten"}).kiosk_idle_minutes is None


def test_the_passcode_check_refuses_wrong_empty_and_unset_passcodes():
    assert passcode_matches("4821-0937", "4821-0937")
    assert passcode_matches(" 4821-0937 ", "4821-0937")
    assert not passcode_matches("4821-0938", "4821-0937")
    assert not passcode_matches("", "4821-0937")
    assert not passcode_matches("anything", None)
    assert not passcode_matches(None, None)


def test_a_made_up_passcode_is_eight_random_digits():
    codes = {workshop.new_passcode() for _ in range(20)}
    assert len(codes) > 15
    assert all(len(c) == 9 and c[4] == "-" and c.replace("-", "").isdigit() for c in codes)


@pytest.mark.parametrize("url", ["http://192.168.137.1:8501/", "http://10.0.0.23:9000/"])
def test_the_join_qr_code_decodes_to_the_join_url(url):
    image = Image.open(io.BytesIO(qr_png(url)))
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [url]


def test_serve_prints_the_join_url_and_the_command_without_starting_anything(capsys):
    code = cli_main(
        [
            "serve",
            "--workshop",
            "--address",
            "192.168.137.1",
            "--port",
            "8600",
            "--dry-run",
            "--passcode",
            "room-2026",
            "--room-summary",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "http://192.168.137.1:8600/" in out and "http://192.168.137.1:8600/advisor" in out
    assert "room-2026" not in out  # a passcode the advisor chose is not echoed
    assert "--server.allowedHosts 192.168.137.1" in out


def test_serve_without_workshop_listens_on_this_laptop_only(capsys):
    assert cli_main(["serve", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "--server.address 127.0.0.1" in out and "allowedHosts" not in out


def test_a_room_only_flag_without_workshop_is_a_usage_error(capsys):
    assert cli_main(["serve", "--dry-run", "--room-summary"]) == 2
    assert "--workshop" in capsys.readouterr().err


def test_serve_makes_up_a_passcode_when_none_is_given_and_no_one_can_type_one(monkeypatch):
    monkeypatch.delenv(workshop.PASSCODE_ENV, raising=False)
    out = subprocess.run(
        [sys.executable, "-m", "wizard.cli", "serve", "--workshop", "--address", "10.0.0.5", "--dry-run"],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=True,
    ).stdout
    assert "Advisor passcode:" in out


def test_room_counts_move_with_a_changed_answer_and_never_go_negative():
    room = RoomCounts()
    for _ in range(5):
        room.record(None, frozenset({"usmle.step2ck"}))
    room.record(frozenset({"usmle.step2ck"}), frozenset({"visa.j1"}))
    snap = room.snapshot()
    assert snap.reached_plan == 5
    assert dict(snap.missing) == {"usmle.step2ck": 4, "visa.j1": 1}
    room.forget(frozenset({"visa.j1"}))
    room.forget(frozenset({"visa.j1"}))
    assert dict(room.snapshot().missing) == {"usmle.step2ck": 4}


def test_room_details_stay_hidden_until_enough_attendees_reached_the_plan():
    room = RoomCounts()
    room.record(None, frozenset({"usmle.step1"}))
    snap = room.snapshot()
    assert snap.reached_plan == 1 and snap.details_hidden and snap.missing == ()


def test_room_counts_are_safe_from_many_threads():
    room = RoomCounts()

    def attendee():
        for _ in range(200):
            room.record(None, frozenset({"a", "b"}))

    threads = [threading.Thread(target=attendee) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert room.snapshot().reached_plan == 1600
    assert dict(room.snapshot().missing) == {"a": 1600, "b": 1600}


def test_room_counts_hold_only_numbers():
    room = RoomCounts()
    room.record(None, frozenset({"x"}))
    held = vars(room)
    assert set(held) == {"_lock", "_reached", "_missing"}
    assert isinstance(held["_reached"], int) and all(isinstance(v, int) for v in held["_missing"].values())
