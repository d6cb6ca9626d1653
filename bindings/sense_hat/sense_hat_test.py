"""grpc_tutorial.sense_hat itself: frames, finding the Sense HAT's
framebuffer under a sysfs root, writing it, the joystick (found by name,
read from a FIFO, stopped from another thread, Ctrl-C), and the errors."""

import os
import signal
import struct
import subprocess
import sys
import threading
import time

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


# ---- the joystick ------------------------------------------------------------

WAIT_S = 30
EV_SYN, EV_KEY = 0, 1


def input_event(event_type, code, value):
    """One struct input_event as the kernel writes it on 64-bit Linux."""
    return struct.pack("llHHi", 0, 0, event_type, code, value)


def press(key):
    """A press and a release, each followed by a SYN_REPORT."""
    return (input_event(EV_KEY, key, sense_hat.PRESS) + input_event(EV_SYN, 0, 0)
            + input_event(EV_KEY, key, sense_hat.RELEASE) + input_event(EV_SYN, 0, 0))


def fake_input_devices(tmp_path, names):
    """event0, event1, ... named `names` under tmp_path/sys; dev/input exists."""
    for i, name in enumerate(names):
        device = tmp_path / "sys" / "class" / "input" / f"event{i}" / "device"
        device.mkdir(parents=True)
        (device / "name").write_text(name + "\n")
    (tmp_path / "dev" / "input").mkdir(parents=True)
    return str(tmp_path / "sys"), str(tmp_path / "dev")


class Fifo:
    """A FIFO as a joystick device, held open read-write (so opening it for
    reading does not wait for a writer, and it never reaches end of file)."""

    def __init__(self, path):
        os.mkfifo(path)
        self.path = str(path)
        self.fd = os.open(self.path, os.O_RDWR)

    def write(self, data):
        assert os.write(self.fd, data) == len(data)

    def close(self):
        os.close(self.fd)


def test_joystick_is_found_by_name_and_its_keys_read_in_order(tmp_path):
    sysfs, dev = fake_input_devices(tmp_path, ["Keyboard", sense_hat.SENSE_HAT_JOYSTICK_NAME])
    assert sense_hat.find_input_device(sense_hat.SENSE_HAT_JOYSTICK_NAME, sysfs, dev) == \
        f"{dev}/input/event1"
    (tmp_path / "dev" / "input" / "event0").write_bytes(press(sense_hat.KEY_UP))  # the decoy
    data = press(sense_hat.KEY_RIGHT) + press(sense_hat.KEY_ENTER)
    (tmp_path / "dev" / "input" / "event1").write_bytes(data)
    with sense_hat.open_sense_hat_joystick(sysfs_root=sysfs, dev_root=dev) as joystick:
        keys = list(joystick)  # a file ends; a device never does
    KeyEvent = sense_hat.KeyEvent
    assert keys == [KeyEvent(sense_hat.KEY_RIGHT, sense_hat.PRESS),
                    KeyEvent(sense_hat.KEY_RIGHT, sense_hat.RELEASE),
                    KeyEvent(sense_hat.KEY_ENTER, sense_hat.PRESS),
                    KeyEvent(sense_hat.KEY_ENTER, sense_hat.RELEASE)]
    assert (keys[0].code, keys[0].value) == (106, 1)
    assert repr(keys[0]) == "KeyEvent(code=106, value=1)"


def test_keys_arrive_while_waiting_and_stop_ends_the_wait(tmp_path):
    fifo = Fifo(tmp_path / "event0")
    try:
        joystick = sense_hat.open_joystick(fifo.path)
        keys = []
        waited = threading.Event()

        def read():
            for key in joystick:
                keys.append(key)
                waited.set()
        reader = threading.Thread(target=read)
        reader.start()
        # A record split across writes is put together again.
        fifo.write(press(sense_hat.KEY_LEFT)[:10])
        fifo.write(press(sense_hat.KEY_LEFT)[10:])
        assert waited.wait(WAIT_S)
        # The reader waits for more with the GIL released (this thread runs),
        # until stop() from here ends its iteration.
        joystick.stop()
        reader.join(WAIT_S)
        assert not reader.is_alive()
        assert keys[0] == sense_hat.KeyEvent(sense_hat.KEY_LEFT, sense_hat.PRESS)
        assert list(joystick) == []  # stopped for good
    finally:
        fifo.close()


KEYBOARD_INTERRUPT_CHILD = """
import signal, sys
from grpc_tutorial.sense_hat import open_joystick
signal.signal(signal.SIGINT, signal.default_int_handler)
joystick = open_joystick(sys.argv[1])
print("blocking", flush=True)
try:
    next(joystick)  # nobody presses a key
except KeyboardInterrupt:
    print("interrupted", flush=True)
"""


def main_thread_is_waiting(pid):
    """True once the child's main thread sleeps in the kernel (our wait)."""
    with open(f"/proc/{pid}/wchan") as f:
        return "futex" in f.read()


def test_ctrl_c_interrupts_a_wait_for_a_key(tmp_path):
    fifo = Fifo(tmp_path / "event0")
    child = subprocess.Popen(
        [sys.executable, "-c", KEYBOARD_INTERRUPT_CHILD, fifo.path],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)))
    try:
        assert child.stdout.readline() == "blocking\n", child.stderr.read()
        deadline = time.monotonic() + WAIT_S
        while not main_thread_is_waiting(child.pid):
            assert time.monotonic() < deadline, "the child never blocked"
        os.kill(child.pid, signal.SIGINT)
        assert child.stdout.readline() == "interrupted\n", child.stderr.read()
        assert child.wait(WAIT_S) == 0
    finally:
        child.kill()
        child.wait()
        fifo.close()


def test_joystick_errors_are_value_and_os_errors(tmp_path):
    sysfs, dev = fake_input_devices(tmp_path, ["Keyboard"])
    with pytest.raises(ValueError, match='no input device named "Raspberry Pi Sense HAT'):
        sense_hat.open_sense_hat_joystick(sysfs_root=sysfs, dev_root=dev)
    with pytest.raises(ValueError, match="cannot list"):
        sense_hat.find_input_device("x", str(tmp_path / "nothing"), dev)
    with pytest.raises(ValueError, match="cannot open"):
        sense_hat.open_joystick(str(tmp_path / "missing"))
    # A directory opens but cannot be read (EISDIR).
    with pytest.raises(OSError, match="cannot read"):
        next(sense_hat.open_joystick(str(tmp_path)))


def test_all_names_the_public_api():
    for name in ["find_framebuffer", "open_framebuffer", "open_frame_dump",
                 "SENSE_HAT_FRAMEBUFFER_NAME", "open_backend", "Frame", "Joystick", "KeyEvent",
                 "open_joystick", "open_sense_hat_joystick", "find_input_device", "KEY_ENTER"]:
        assert name in sense_hat.__all__
    for name in sense_hat.__all__:
        assert hasattr(sense_hat, name)


if __name__ == "__main__":
    sys.exit(pytest_main.run(__file__))
