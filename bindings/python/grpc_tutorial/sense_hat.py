"""The Sense HAT display's LED-matrix library (C++, pi-demo/display) in Python.

    frames = attendance_frames(3)        # what one display pass shows
    backend = open_backend("terminal")   # or "framebuffer", "frames"
    for frame in frames:
        backend.show(frame)

Frames are 8x8 RGB pictures; the frame functions are the C++ display's
own, so a Python display draws exactly the same pictures.

The joystick, found by name as the C++ display finds it:

    with open_sense_hat_joystick() as joystick:
        for key in joystick:             # Ctrl-C or joystick.stop() ends it
            if key.value == PRESS and key.code == KEY_RIGHT:
                ...
"""

from grpc_tutorial._sense_hat import (HEIGHT, HOLD, ICON_FRAMES, KEY_DOWN, KEY_ENTER, KEY_LEFT,
                                      KEY_RIGHT, KEY_UP, PRESS, RELEASE,
                                      SENSE_HAT_FRAMEBUFFER_NAME, SENSE_HAT_JOYSTICK_NAME, WIDTH,
                                      Backend, Frame, Joystick, KeyEvent, TerminalBackend,
                                      attendance_frames, disconnected_frames, find_framebuffer,
                                      find_input_device, frames_to_text, name_frames,
                                      open_frame_dump, open_framebuffer, open_joystick)

__all__ = ["HEIGHT", "HOLD", "ICON_FRAMES", "KEY_DOWN", "KEY_ENTER", "KEY_LEFT", "KEY_RIGHT",
           "KEY_UP", "PRESS", "RELEASE", "SENSE_HAT_FRAMEBUFFER_NAME", "SENSE_HAT_JOYSTICK_NAME",
           "WIDTH", "Backend", "Frame", "Joystick", "KeyEvent", "TerminalBackend",
           "attendance_frames", "disconnected_frames", "find_framebuffer", "find_input_device",
           "frames_to_text", "name_frames", "open_backend", "open_frame_dump", "open_framebuffer",
           "open_joystick", "open_sense_hat_joystick"]


def open_backend(name: str, *, frames_dir: str = "frames", frame_format: str = "png",
                 sysfs_root: str = "/sys", dev_root: str = "/dev") -> Backend:
    """A backend by name, as the display's --backend flag names them:
    "terminal" (24-bit colour blocks on stdout), "framebuffer" (the Sense
    HAT's LEDs, found by name under sysfs_root) or "frames" (one PNG or PPM
    file per frame in frames_dir). ValueError if it cannot be opened."""
    if name == "terminal":
        return TerminalBackend()
    if name == "framebuffer":
        return open_framebuffer(find_framebuffer(SENSE_HAT_FRAMEBUFFER_NAME, sysfs_root, dev_root))
    if name == "frames":
        return open_frame_dump(frames_dir, frame_format)
    raise ValueError(f'backend must be terminal, framebuffer or frames, not "{name}"')


def open_sense_hat_joystick(*, sysfs_root: str = "/sys", dev_root: str = "/dev") -> Joystick:
    """The Sense HAT's joystick: the input device named SENSE_HAT_JOYSTICK_NAME
    under sysfs_root, opened under dev_root (as the C++ display's --joystick
    finds it). ValueError if there is none or it cannot be opened."""
    return open_joystick(find_input_device(SENSE_HAT_JOYSTICK_NAME, sysfs_root, dev_root))
