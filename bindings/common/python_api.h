// The Python-facing shapes every binding module shares: a stream as an
// object Python iterates over, and the constructor every client class has.
#ifndef BINDINGS_COMMON_PYTHON_API_H_
#define BINDINGS_COMMON_PYTHON_API_H_

#include <pybind11/pybind11.h>

#include <memory>
#include <string>
#include <utility>

#include "bindings/common/channel.h"
#include "bindings/common/reactors.h"

namespace bindings {

// The read side of a server stream (ReadStream) or of a bidi stream
// (BidiStream) for Python: next() returns the next message converted by
// `Convert`, or raises StopIteration at the end; cancel() cancels the call,
// as does dropping the object. Bidi calls derive from it to add writes.
template <typename Stream, typename Message,
          pybind11::tuple (*Convert)(const Message&)>
class PythonReadStream {
 public:
  explicit PythonReadStream(std::shared_ptr<Stream> stream)
      : stream_(std::move(stream)) {}

  pybind11::tuple Next() {
    Message message;
    if (!stream_->Next(&message)) throw pybind11::stop_iteration();
    return Convert(message);
  }
  void Cancel() { stream_->Cancel(); }

 protected:
  StreamHandle<Stream> stream_;
};

// Binds a PythonReadStream (or a class derived from it) as `name`, with
// next() and cancel(); the caller may add more methods to the result.
template <typename Call>
pybind11::class_<Call> BindReadStream(pybind11::module_& module,
                                      const char* name) {
  return pybind11::class_<Call>(module, name)
      .def("next", &Call::Next)
      .def("cancel", &Call::Cancel);
}

// Binds `Client(const ChannelOptions&)` as the Python constructor
// Client(target, tls, root_certificates, private_key, certificate_chain,
// server_name_override, keepalive_ms, local_subchannel_pool), which
// grpc_tutorial's client classes call with their TlsOptions and
// ChannelOptions.
template <typename Client>
void BindClientConstructor(pybind11::class_<Client>& client_class) {
  namespace py = pybind11;
  client_class.def(
      py::init([](std::string target, bool tls, std::string roots,
                  std::string key, std::string chain, std::string name,
                  int keepalive_ms, bool local_subchannel_pool) {
        return std::make_unique<Client>(
            ChannelOptions{std::move(target), tls, std::move(roots),
                           std::move(key), std::move(chain), std::move(name),
                           keepalive_ms, local_subchannel_pool});
      }),
      py::arg("target"), py::arg("tls"), py::arg("root_certificates"),
      py::arg("private_key"), py::arg("certificate_chain"),
      py::arg("server_name_override"), py::arg("keepalive_ms"),
      py::arg("local_subchannel_pool"));
}

}  // namespace bindings

#endif  // BINDINGS_COMMON_PYTHON_API_H_
