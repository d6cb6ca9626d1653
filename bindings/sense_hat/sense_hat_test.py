"""grpc_tutorial.sense_hat itself: frames, finding the Sense HAT's
framebuffer under a sysfs root, writing it, and the errors."""

import os
import struct
import sys

import pytest

from bindings.testing import pytest_main
from grpc_tutorial import sense_hat
from grpc_tutorial.sense_hat import (HEIGHT, SENSE_HAT_FRAMEBUFFER_NAME, WIDTH, Frame,
                                     find_framebuffer, open_backend, open_framebuffer)


def rgb565_le(r, g, b):
    return struct.pack("<H", ((r >> 3) << 11) | ((g >> 2) << 5) | (b >> 3))


def test_frame_set_at_and_bytes():
    frame = Frame((1, 2, 3))
    assert frame.at(7, 7) == (1, 2, 3)
    frame.set(2, 1, (255, 128, 0))
    assert frame.at(2, 1) == (255, 128, 0)
    data = frame.to_bytes()
    assert len(data) == WIDTH * HEIGHT * 3 == 192
    offset = (1 * WIDTH + 2) * 3  # row by row
    assert data[offset:offset + 3] == bytes([255, 128, 0])
    assert data[:3] == bytes([1, 2, 3])
    assert Frame.from_bytes(data) == frame
    assert Frame.from_bytes(data) != Frame()
    assert Frame() == Frame((0, 0, 0))


def test_frame_errors():
    frame = Frame()
    for x, y in [(-1, 0), (8, 0), (0, 8), (0, -1)]:
        with pytest.raises(IndexError):
            frame.at(x, y)
        with pytest.raises(IndexError):
            frame.set(x, y, (0, 0, 0))
    with pytest.raises(ValueError):
        frame.set(0, 0, (256, 0, 0))
    with pytest.raises(ValueError):
        Frame((0, -1, 0))
    with pytest.raises(ValueError):
        Frame.from_bytes(bytes(191))
    with pytest.raises(ValueError):
        Frame.from_bytes(bytes(193))


def fake_sysfs(tmp_path, names):
    """fb0, fb1, ... named `names` under tmp_path/sys, devices in tmp_path/dev."""
    (tmp_path / "dev").mkdir()
    for i, name in enumerate(names):
        device = tmp_path / "sys" / "class" / "graphics" / f"fb{i}"
        device.mkdir(parents=True)
        (device / "name").write_text(name + "\n")
        (tmp_path / "dev" / f"fb{i}").write_bytes(b"")
    return str(tmp_path / "sys"), str(tmp_path / "dev")


def test_framebuffer_is_found_by_name_and_written_as_rgb565_le(tmp_path):
    sysfs, dev = fake_sysfs(tmp_path, ["simple", SENSE_HAT_FRAMEBUFFER_NAME])
    assert find_framebuffer(SENSE_HAT_FRAMEBUFFER_NAME, sysfs, dev) == f"{dev}/fb1"
    backend = open_backend("framebuffer", sysfs_root=sysfs, dev_root=dev)
    frame = Frame()
    frame.set(0, 0, (255, 0, 0))
    frame.set(1, 0, (0, 255, 0))
    frame.set(7, 7, (0x12, 0x34, 0x56))
    backend.show(frame)
    written = (tmp_path / "dev" / "fb1").read_bytes()
    assert len(written) == WIDTH * HEIGHT * 2
    assert written[0:2] == rgb565_le(255, 0, 0) == b"\x00\xf8"
    assert written[2:4] == rgb565_le(0, 255, 0) == b"\xe0\x07"
    assert written[-2:] == rgb565_le(0x12, 0x34, 0x56)
    assert written[4:-2] == bytes(len(written) - 6)
    assert (tmp_path / "dev" / "fb0").read_bytes() == b""  # not the other one
    backend.show(Frame())  # written over, not appended
    assert (tmp_path / "dev" / "fb1").read_bytes() == bytes(WIDTH * HEIGHT * 2)


def test_no_sense_hat_is_a_value_error_naming_what_was_seen(tmp_path):
    sysfs, dev = fake_sysfs(tmp_path, ["simple"])
    with pytest.raises(ValueError, match='fb0 "simple"'):
        find_framebuffer(SENSE_HAT_FRAMEBUFFER_NAME, sysfs, dev)
    with pytest.raises(ValueError, match="cannot list"):
        find_framebuffer(SENSE_HAT_FRAMEBUFFER_NAME, str(tmp_path / "nothing"), dev)


def test_a_device_that_cannot_be_opened_is_a_value_error(tmp_path):
    with pytest.raises(ValueError, match="cannot open"):
        open_framebuffer(str(tmp_path / "missing"))


def test_a_failed_write_is_an_os_error():
    # /dev/full takes the open but fails every write with ENOSPC.
    backend = open_framebuffer("/dev/full")
    with pytest.raises(OSError, match="/dev/full"):
        backend.show(Frame())


def test_all_names_the_public_api():
    for name in ["find_framebuffer", "open_framebuffer", "open_frame_dump",
                 "SENSE_HAT_FRAMEBUFFER_NAME", "open_backend", "Frame"]:
        assert name in sense_hat.__all__
    for name in sense_hat.__all__:
        assert hasattr(sense_hat, name)


if __name__ == "__main__":
    sys.exit(pytest_main.run(__file__))
