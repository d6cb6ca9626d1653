"""The Sense HAT display's LED-matrix library (C++, pi-demo/display) in Python.

    frames = attendance_frames(3)        # what one display pass shows
    backend = open_backend("terminal")   # or "framebuffer", "frames"
    for frame in frames:
        backend.show(frame)

Frames are 8x8 RGB pictures; the frame functions are the C++ display's
own, so a Python display draws exactly the same pictures.
"""

from grpc_tutorial._sense_hat import (HEIGHT, ICON_FRAMES, SENSE_HAT_FRAMEBUFFER_NAME, WIDTH,
                                      Backend, Frame, TerminalBackend, attendance_frames,
                                      disconnected_frames, find_framebuffer, frames_to_text,
                                      name_frames, open_frame_dump, open_framebuffer)

__all__ = ["HEIGHT", "ICON_FRAMES", "SENSE_HAT_FRAMEBUFFER_NAME", "WIDTH", "Backend", "Frame",
           "TerminalBackend", "attendance_frames", "disconnected_frames", "find_framebuffer",
           "frames_to_text", "name_frames", "open_backend", "open_frame_dump",
           "open_framebuffer"]


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
