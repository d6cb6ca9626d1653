// grpc_tutorial._sense_hat: the display's C++ LED-matrix library for Python:
// frames, the frames of each display pass (so a Python display draws
// exactly what the C++ one does), and the backends that show them (the
// Sense HAT's framebuffer, a terminal, image files), and the joystick.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <chrono>
#include <iostream>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "bindings/sense_hat/joystick_reader.h"
#include "common/sense_hat/frame.h"
#include "common/sense_hat/frame_dump_backend.h"
#include "common/sense_hat/frame_text.h"
#include "common/sense_hat/framebuffer_backend.h"
#include "common/sense_hat/joystick.h"
#include "common/sense_hat/status_frames.h"
#include "common/sense_hat/terminal_backend.h"

namespace bindings {

namespace py = pybind11;
using sense_hat::Frame;
using sense_hat::Rgb;

using RgbTuple = std::tuple<int, int, int>;

Rgb ToRgb(const RgbTuple& colour) {
  auto [r, g, b] = colour;
  for (int channel : {r, g, b}) {
    if (channel < 0 || channel > 255) {
      throw py::value_error("colour channels must be 0 to 255");
    }
  }
  return Rgb{static_cast<uint8_t>(r), static_cast<uint8_t>(g),
             static_cast<uint8_t>(b)};
}

void CheckPosition(int x, int y) {
  if (x < 0 || x >= Frame::kWidth || y < 0 || y >= Frame::kHeight) {
    throw py::index_error("(x, y) must lie in the 8x8 matrix");
  }
}

// 192 bytes: RGB for each pixel, row by row from the top-left.
py::bytes FrameBytes(const Frame& frame) {
  std::string bytes;
  bytes.reserve(Frame::kWidth * Frame::kHeight * 3);
  for (int y = 0; y < Frame::kHeight; ++y) {
    for (int x = 0; x < Frame::kWidth; ++x) {
      const Rgb pixel = frame.at(x, y);
      bytes.push_back(static_cast<char>(pixel.r));
      bytes.push_back(static_cast<char>(pixel.g));
      bytes.push_back(static_cast<char>(pixel.b));
    }
  }
  return py::bytes(bytes);
}

Frame FrameFromBytes(const py::bytes& data) {
  const std::string bytes = data;
  if (bytes.size() != Frame::kWidth * Frame::kHeight * 3) {
    throw py::value_error("a frame is 192 bytes (8x8 RGB)");
  }
  Frame frame;
  for (int i = 0; i < Frame::kWidth * Frame::kHeight; ++i) {
    frame.set(i % Frame::kWidth, i / Frame::kWidth,
              Rgb{static_cast<uint8_t>(bytes[3 * i]),
                  static_cast<uint8_t>(bytes[3 * i + 1]),
                  static_cast<uint8_t>(bytes[3 * i + 2])});
  }
  return frame;
}

// Python's view of sense_hat::MatrixBackend: show() raises OSError when the
// output fails, instead of returning false.
class Backend {
 public:
  explicit Backend(std::unique_ptr<sense_hat::MatrixBackend> matrix)
      : matrix_(std::move(matrix)) {}
  virtual ~Backend() = default;

  void Show(const Frame& frame) {
    std::string error;
    bool shown;
    {
      // Writing to a device or a file may block briefly.
      py::gil_scoped_release release;
      shown = matrix_->Show(frame, &error);
    }
    if (!shown) {
      PyErr_SetString(PyExc_OSError, error.c_str());
      throw py::error_already_set();
    }
  }

 protected:
  std::unique_ptr<sense_hat::MatrixBackend> matrix_;
};

class TerminalBackend : public Backend {
 public:
  TerminalBackend()
      : Backend(std::make_unique<sense_hat::TerminalBackend>(std::cout)) {}
  void SetCaption(const std::string& caption) {
    static_cast<sense_hat::TerminalBackend*>(matrix_.get())
        ->SetCaption(caption);
  }
};

template <class Opened>
std::unique_ptr<Backend> OrRaise(Opened opened, const std::string& error) {
  if (opened == nullptr) throw py::value_error(error);
  return std::make_unique<Backend>(std::move(opened));
}

// [START next_key]
// How long a wait for a key may go without looking for signals: a Ctrl-C
// is noticed within this time.
constexpr std::chrono::milliseconds kKeySignalCheckInterval{50};

// The joystick's next key event for Python's iterator protocol: waits with
// the GIL released, in slices, running Python's signal handlers in between
// (so Ctrl-C raises KeyboardInterrupt). StopIteration after stop() or the
// end of the input; OSError if reading failed.
sense_hat::KeyEvent NextKey(JoystickReader& joystick) {
  while (true) {
    sense_hat::KeyEvent key;
    std::string error;
    JoystickReader::Next next;
    {
      py::gil_scoped_release release;
      next = joystick.WaitForKey(kKeySignalCheckInterval, &key, &error);
    }
    switch (next) {
      case JoystickReader::Next::kKey:
        return key;
      case JoystickReader::Next::kEnd:
        throw py::stop_iteration();
      case JoystickReader::Next::kError:
        PyErr_SetString(PyExc_OSError, error.c_str());
        throw py::error_already_set();
      case JoystickReader::Next::kTimeout:
        if (PyErr_CheckSignals() != 0) throw py::error_already_set();
        break;
    }
  }
}
// [END next_key]

}  // namespace bindings

PYBIND11_MODULE(_sense_hat, m) {
  namespace py = pybind11;
  using bindings::Backend;
  using bindings::RgbTuple;
  using sense_hat::Frame;
  m.doc() = "The C++ LED-matrix library (use grpc_tutorial.sense_hat instead).";

  py::class_<Frame>(m, "Frame")
      .def(py::init([](const RgbTuple& fill) {
             return Frame(bindings::ToRgb(fill));
           }),
           py::arg("fill") = RgbTuple{0, 0, 0})
      .def_static("from_bytes", &bindings::FrameFromBytes, py::arg("data"))
      .def("to_bytes", &bindings::FrameBytes)
      .def(
          "at",
          [](const Frame& frame, int x, int y) {
            bindings::CheckPosition(x, y);
            sense_hat::Rgb pixel = frame.at(x, y);
            return RgbTuple{pixel.r, pixel.g, pixel.b};
          },
          py::arg("x"), py::arg("y"))
      .def(
          "set",
          [](Frame& frame, int x, int y, const RgbTuple& colour) {
            bindings::CheckPosition(x, y);
            frame.set(x, y, bindings::ToRgb(colour));
          },
          py::arg("x"), py::arg("y"), py::arg("colour"))
      .def("__eq__", [](const Frame& a, const Frame& b) { return a == b; })
      .def("__repr__", [](const Frame& frame) {
        return "Frame.from_bytes(" +
               py::repr(bindings::FrameBytes(frame)).cast<std::string>() + ")";
      });

  m.attr("WIDTH") = Frame::kWidth;
  m.attr("HEIGHT") = Frame::kHeight;
  m.attr("ICON_FRAMES") = sense_hat::kIconFrames;
  m.attr("SENSE_HAT_FRAMEBUFFER_NAME") = sense_hat::kSenseHatFramebufferName;

  m.def("attendance_frames", &sense_hat::AttendanceFrames, py::arg("count"));
  m.def("name_frames", &sense_hat::NameFrames, py::arg("name"));
  m.def("disconnected_frames", &sense_hat::DisconnectedFrames);
  m.def("frames_to_text", &sense_hat::FramesToText, py::arg("frames"));

  py::class_<Backend>(m, "Backend")
      .def("show", &Backend::Show, py::arg("frame"));
  py::class_<bindings::TerminalBackend, Backend>(m, "TerminalBackend")
      .def(py::init<>())
      .def("set_caption", &bindings::TerminalBackend::SetCaption,
           py::arg("caption"));

  m.def(
      "find_framebuffer",
      [](const std::string& name, const std::string& sysfs_root,
         const std::string& dev_root) {
        std::string error;
        std::string device =
            sense_hat::FindFramebuffer(name, sysfs_root, dev_root, &error);
        if (device.empty()) throw py::value_error(error);
        return device;
      },
      py::arg("name"), py::arg("sysfs_root"), py::arg("dev_root"));
  m.def(
      "open_framebuffer",
      [](const std::string& device) {
        std::string error;
        auto opened = sense_hat::FramebufferBackend::Open(device, &error);
        return bindings::OrRaise(std::move(opened), error);
      },
      py::arg("device"));
  m.def(
      "open_frame_dump",
      [](const std::string& directory, const std::string& format_name) {
        sense_hat::ImageFormat format;
        if (!sense_hat::ParseImageFormat(format_name, &format)) {
          throw py::value_error("format must be png or ppm, not \"" +
                                format_name + "\"");
        }
        std::string error;
        auto opened =
            sense_hat::FrameDumpBackend::Open(directory, format, &error);
        return bindings::OrRaise(std::move(opened), error);
      },
      py::arg("directory"), py::arg("format"));

  // The joystick.
  using sense_hat::KeyEvent;
  py::class_<KeyEvent>(m, "KeyEvent",
                       "One key event of the joystick: code (KEY_UP, ...) "
                       "and value (PRESS, HOLD or RELEASE).")
      .def(py::init([](int code, int value) {
             return KeyEvent{code, value};
           }),
           py::arg("code"), py::arg("value"))
      .def_readonly("code", &KeyEvent::code)
      .def_readonly("value", &KeyEvent::value)
      .def("__eq__",
           [](const KeyEvent& a, const KeyEvent& b) { return a == b; })
      .def("__repr__", [](const KeyEvent& key) {
        return "KeyEvent(code=" + std::to_string(key.code) +
               ", value=" + std::to_string(key.value) + ")";
      });
  m.attr("SENSE_HAT_JOYSTICK_NAME") = sense_hat::kSenseHatJoystickName;
  m.attr("KEY_ENTER") = static_cast<int>(sense_hat::kKeyEnter);
  m.attr("KEY_UP") = static_cast<int>(sense_hat::kKeyUp);
  m.attr("KEY_LEFT") = static_cast<int>(sense_hat::kKeyLeft);
  m.attr("KEY_RIGHT") = static_cast<int>(sense_hat::kKeyRight);
  m.attr("KEY_DOWN") = static_cast<int>(sense_hat::kKeyDown);
  m.attr("RELEASE") = static_cast<int>(sense_hat::kRelease);
  m.attr("PRESS") = static_cast<int>(sense_hat::kPress);
  m.attr("HOLD") = static_cast<int>(sense_hat::kHold);

  using bindings::JoystickReader;
  py::class_<JoystickReader>(
      m, "Joystick",
      "An open joystick device. Iterate over it for its key events; stop() "
      "(from any thread) ends the iteration.")
      .def("__iter__",
           [](JoystickReader& joystick) -> JoystickReader& { return joystick; })
      .def("__next__", &bindings::NextKey,
           "The next key event; waits with the GIL released, Ctrl-C raises "
           "KeyboardInterrupt. StopIteration after stop() or the end of the "
           "input, OSError if reading fails.")
      .def("stop", &JoystickReader::Stop,
           "Thread-safe: ends the iteration (keys not yet taken are dropped).")
      .def("__enter__",
           [](JoystickReader& joystick) -> JoystickReader& { return joystick; })
      .def("__exit__",
           [](JoystickReader& joystick, const py::args&) { joystick.Stop(); });

  m.def(
      "find_input_device",
      [](const std::string& name, const std::string& sysfs_root,
         const std::string& dev_root) {
        std::string error;
        std::string device =
            sense_hat::FindInputDevice(name, sysfs_root, dev_root, &error);
        if (device.empty()) throw py::value_error(error);
        return device;
      },
      py::arg("name"), py::arg("sysfs_root"), py::arg("dev_root"),
      "<dev_root>/input/eventN of the first input device called `name` under "
      "<sysfs_root>/class/input; ValueError if there is none.");
  m.def(
      "open_joystick",
      [](const std::string& device) {
        std::string error;
        auto opened = JoystickReader::Open(device, &error);
        if (opened == nullptr) throw py::value_error(error);
        return opened;
      },
      py::arg("device"),
      "Opens an evdev device and starts reading its key events; ValueError "
      "if it cannot be opened.");
}
