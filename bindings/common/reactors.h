// The four call modes as Python code drives them. Unary calls wait on a
// completion queue of their own in the calling thread (CallUnary). Streams
// are small classes on gRPC's callback API: gRPC's threads do the I/O and
// the Python thread waits for each step with WaitInterruptibly. Either way
// the GIL is released while waiting and Ctrl-C is honoured. A service's
// module only says how to start its calls and how to convert its messages.
//
// Every method here is called with the GIL held. Reactions (OnReadDone,
// OnDone, ...) run on gRPC's threads and never touch Python objects.
//
// Lifetime: a stream keeps itself alive until OnDone (`self_`), so the
// Python object that drives it may go away at any time; its StreamHandle
// then cancels the call. OnDone hands `self_` to ReleaseOnOwnThread rather
// than dropping it on gRPC's thread. Holds (AddHold) keep gRPC from finishing a
// call while Python may still start a read or a write on it; each side releases
// its hold exactly once, when it can start no more operations.
#ifndef BINDINGS_COMMON_REACTORS_H_
#define BINDINGS_COMMON_REACTORS_H_

#include <grpcpp/grpcpp.h>
#include <grpcpp/support/client_callback.h>
#include <pybind11/pybind11.h>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <utility>

#include "bindings/common/call_sync.h"
#include "bindings/common/channel.h"
#include "bindings/common/deferred_release.h"
#include "bindings/common/interruptible_wait.h"
#include "bindings/common/rpc_error.h"

namespace bindings {

// [START unary_call]
// Unary: `start(context, request, cq)` starts the call on the completion
// queue `cq` (return stub->AsyncMethod(context, request, cq)). The calling
// thread then waits on that queue itself, GIL released, in slices that look
// for Ctrl-C in between, as gRPC's own blocking calls do: the reply wakes
// this thread, with no gRPC thread in between to hand it over
// (docs/28-unary-latency.md). Returns the response or raises RpcError.
template <class Request, class Response, class Start>
Response CallUnary(const Request& request, std::optional<double> timeout_s,
                   Start start) {
  grpc::ClientContext context;
  SetTimeout(context, timeout_s);
  grpc::CompletionQueue cq;
  Response response;
  grpc::Status status;
  std::unique_ptr<grpc::ClientAsyncResponseReader<Response>> reader =
      start(&context, request, &cq);
  reader->Finish(&response, &status, /*tag=*/&status);
  // An exception from a Python signal handler (KeyboardInterrupt on Ctrl-C)
  // cancels the call; it is raised once gRPC has let go of the call (its
  // tag came back), so nothing here outlives this frame.
  std::optional<pybind11::error_already_set> interrupt;
  while (true) {
    void* tag = nullptr;
    bool ok = false;
    grpc::CompletionQueue::NextStatus next;
    {
      pybind11::gil_scoped_release release;
      next = cq.AsyncNext(
          &tag, &ok, std::chrono::system_clock::now() + kSignalCheckInterval);
    }
    if (next == grpc::CompletionQueue::GOT_EVENT) break;
    if (!interrupt && PyErr_CheckSignals() != 0) {
      interrupt.emplace();  // takes the pending exception
      context.TryCancel();
    }
  }
  cq.Shutdown();
  void* tag = nullptr;
  bool ok = false;
  while (cq.Next(&tag, &ok)) {
  }
  if (interrupt) throw std::move(*interrupt);
  RaiseIfError(status);
  return response;
}
// [END unary_call]

// The receiving half of a stream, shared by server streaming and bidi: one
// message is read ahead, the next read starts when Python takes it (so a
// slow Python consumer slows the server down through flow control instead
// of filling memory).
template <class Response>
class ReadSide {
 public:
  // Called by the reactor's OnReadDone. Returns true if the reactor must
  // release the read hold (outside the lock).
  bool ReadDone(CallSync& sync, bool ok) {
    std::lock_guard<std::mutex> lock(sync.mu);
    read_pending_ = false;
    if (ok) {
      have_message_ = true;
    } else {
      over_ = true;
    }
    sync.changed.notify_all();
    return ShouldReleaseLocked();
  }

  // After TryCancel. Returns true if the caller must release the read hold.
  bool Cancelled(CallSync& sync) {
    std::lock_guard<std::mutex> lock(sync.mu);
    over_ = true;
    return ShouldReleaseLocked();
  }

  // Waits for the next message. Returns true with *out filled and
  // `start_read` called for the one after; false at the end of the stream
  // (the caller then waits for OnDone and reports its status). Threads
  // reading at once each get different messages, and all of them the end.
  bool Next(CallSync& sync, grpc::ClientContext& context, const bool& done,
            Response* out, const std::function<void(Response*)>& start_read) {
    while (true) {
      WaitInterruptibly(sync, context,
                        [&] { return have_message_ || over_ || done; });
      std::lock_guard<std::mutex> lock(sync.mu);
      if (over_) return false;
      if (have_message_) {
        have_message_ = false;
        // Claimed under the lock, so that a concurrent cancel does not
        // release the hold while this read starts.
        read_pending_ = true;
        break;
      }
      if (done) return false;
      // Another reader took the message we woke for: wait for the next.
    }
    out->Swap(&incoming_);
    start_read(&incoming_);
    return true;
  }

  Response* incoming() { return &incoming_; }
  void set_read_pending() { read_pending_ = true; }

 private:
  bool ShouldReleaseLocked() {
    if (!over_ || read_pending_ || released_) return false;
    released_ = true;
    return true;
  }

  Response incoming_;
  bool read_pending_ = false;
  bool have_message_ = false;
  bool over_ = false;  // no more reads will start
  bool released_ = false;
};

// The sending half, shared by client streaming and bidi: one message in
// flight at a time, and one writer at a time.
template <class Request>
class WriteSide {
 public:
  // Starts sending `message` and waits until it is sent. False if the call
  // has ended (its status says why). Raises RuntimeError if another thread
  // is writing on the same stream.
  bool Write(CallSync& sync, grpc::ClientContext& context, const bool& done,
             Request message,
             const std::function<void(const Request*)>& start_write) {
    {
      std::lock_guard<std::mutex> lock(sync.mu);
      if (writing_) {
        throw std::runtime_error("another thread is writing to this stream");
      }
      if (closed_ || failed_ || done) return false;
      writing_ = true;
    }
    outgoing_ = std::move(message);
    start_write(&outgoing_);
    WaitInterruptibly(sync, context, [&] { return !writing_ || done; });
    std::lock_guard<std::mutex> lock(sync.mu);
    return !failed_;
  }

  // Called by the reactor's OnWriteDone.
  void WriteDone(CallSync& sync, bool ok) {
    std::lock_guard<std::mutex> lock(sync.mu);
    writing_ = false;
    if (!ok) failed_ = true;
    sync.changed.notify_all();
  }

  // Marks the sending half closed. True the first time only: the caller
  // then half-closes (unless cancelling) and releases the write hold.
  bool Close(CallSync& sync) {
    std::lock_guard<std::mutex> lock(sync.mu);
    if (closed_) return false;
    closed_ = true;
    return true;
  }

 private:
  Request outgoing_;
  bool writing_ = false;
  bool failed_ = false;
  bool closed_ = false;
};

// Waits for OnDone and raises its status unless it is OK.
inline void FinishOrRaise(CallSync& sync, grpc::ClientContext& context,
                          const bool& done, const grpc::Status& status) {
  WaitInterruptibly(sync, context, [&] { return done; });
  RaiseIfError(status);
}

// [START read_stream]
// Server streaming. `start(context, request, reactor)` calls
// stub->async()->Method(context, request, reactor).
template <class Request, class Response>
class ReadStream : public grpc::ClientReadReactor<Response> {
 public:
  using Starter = std::function<void(grpc::ClientContext*, const Request*,
                                     grpc::ClientReadReactor<Response>*)>;

  static std::shared_ptr<ReadStream> Start(Request request,
                                           std::optional<double> timeout_s,
                                           const Starter& start) {
    std::shared_ptr<ReadStream> stream(new ReadStream(std::move(request)));
    SetTimeout(stream->context_, timeout_s);
    stream->self_ = stream;
    start(&stream->context_, &stream->request_, stream.get());
    stream->AddHold();
    stream->reads_.set_read_pending();
    stream->StartRead(stream->reads_.incoming());
    stream->StartCall();
    return stream;
  }

  // True with *out filled; false at the end of a stream that ended OK.
  // Raises RpcError if it ended otherwise (CANCELLED after Cancel()).
  bool Next(Response* out) {
    if (reads_.Next(sync_, context_, done_, out,
                    [this](Response* next) { this->StartRead(next); })) {
      return true;
    }
    FinishOrRaise(sync_, context_, done_, status_);
    return false;
  }

  // Ends the call early; safe to call at any time, and more than once.
  void Cancel() {
    context_.TryCancel();
    if (reads_.Cancelled(sync_)) this->RemoveHold();
  }

 private:
  explicit ReadStream(Request request) : request_(std::move(request)) {}

  void OnReadDone(bool ok) override {
    if (reads_.ReadDone(sync_, ok)) this->RemoveHold();
  }

  void OnDone(const grpc::Status& status) override {
    {
      std::lock_guard<std::mutex> lock(sync_.mu);
      status_ = status;
      done_ = true;
      sync_.changed.notify_all();
    }
    // Maybe the last reference (Python may have let go of the stream).
    ReleaseOnOwnThread(std::move(self_));
  }

  CallSync sync_;
  grpc::ClientContext context_;
  Request request_;
  ReadSide<Response> reads_;
  bool done_ = false;
  grpc::Status status_;
  std::shared_ptr<ReadStream> self_;
};
// [END read_stream]

// Client streaming. `start(context, response, reactor)` calls
// stub->async()->Method(context, response, reactor).
template <class Request, class Response>
class WriteStream : public grpc::ClientWriteReactor<Request> {
 public:
  using Starter = std::function<void(grpc::ClientContext*, Response*,
                                     grpc::ClientWriteReactor<Request>*)>;

  static std::shared_ptr<WriteStream> Start(std::optional<double> timeout_s,
                                            const Starter& start) {
    std::shared_ptr<WriteStream> stream(new WriteStream());
    SetTimeout(stream->context_, timeout_s);
    stream->self_ = stream;
    start(&stream->context_, &stream->response_, stream.get());
    stream->AddHold();
    stream->StartCall();
    return stream;
  }

  // Sends one message. False if the call has already ended: stop writing
  // and call Finish() to learn why.
  bool Write(Request message) {
    return writes_.Write(
        sync_, context_, done_, std::move(message),
        [this](const Request* next) { this->StartWrite(next); });
  }

  // Half-closes and returns the server's reply, or raises RpcError.
  Response Finish() {
    if (writes_.Close(sync_)) {
      this->StartWritesDone();
      this->RemoveHold();
    }
    FinishOrRaise(sync_, context_, done_, status_);
    return response_;
  }

  void Cancel() {
    context_.TryCancel();
    if (writes_.Close(sync_)) this->RemoveHold();
  }

 private:
  void OnWriteDone(bool ok) override { writes_.WriteDone(sync_, ok); }

  void OnDone(const grpc::Status& status) override {
    {
      std::lock_guard<std::mutex> lock(sync_.mu);
      status_ = status;
      done_ = true;
      sync_.changed.notify_all();
    }
    ReleaseOnOwnThread(std::move(self_));
  }

  CallSync sync_;
  grpc::ClientContext context_;
  Response response_;
  WriteSide<Request> writes_;
  bool done_ = false;
  grpc::Status status_;
  std::shared_ptr<WriteStream> self_;
};

// Bidirectional streaming: a ReadSide and a WriteSide on one call, usable
// from two Python threads at once (one writing, one reading).
// `start(context, reactor)` calls stub->async()->Method(context, reactor).
template <class Request, class Response>
class BidiStream : public grpc::ClientBidiReactor<Request, Response> {
 public:
  using Starter = std::function<void(
      grpc::ClientContext*, grpc::ClientBidiReactor<Request, Response>*)>;

  static std::shared_ptr<BidiStream> Start(std::optional<double> timeout_s,
                                           const Starter& start) {
    std::shared_ptr<BidiStream> stream(new BidiStream());
    SetTimeout(stream->context_, timeout_s);
    stream->self_ = stream;
    start(&stream->context_, stream.get());
    stream->AddMultipleHolds(2);  // one per side
    stream->reads_.set_read_pending();
    stream->StartRead(stream->reads_.incoming());
    stream->StartCall();
    return stream;
  }

  bool Write(Request message) {
    return writes_.Write(
        sync_, context_, done_, std::move(message),
        [this](const Request* next) { this->StartWrite(next); });
  }

  // Half-close: tells the server no more messages come.
  void DoneWriting() {
    if (writes_.Close(sync_)) {
      this->StartWritesDone();
      this->RemoveHold();
    }
  }

  bool Next(Response* out) {
    if (reads_.Next(sync_, context_, done_, out,
                    [this](Response* next) { this->StartRead(next); })) {
      return true;
    }
    // The server has finished: nothing more to write either.
    if (writes_.Close(sync_)) this->RemoveHold();
    FinishOrRaise(sync_, context_, done_, status_);
    return false;
  }

  void Cancel() {
    context_.TryCancel();
    if (writes_.Close(sync_)) this->RemoveHold();
    if (reads_.Cancelled(sync_)) this->RemoveHold();
  }

 private:
  void OnReadDone(bool ok) override {
    if (reads_.ReadDone(sync_, ok)) this->RemoveHold();
  }
  void OnWriteDone(bool ok) override { writes_.WriteDone(sync_, ok); }

  void OnDone(const grpc::Status& status) override {
    {
      std::lock_guard<std::mutex> lock(sync_.mu);
      status_ = status;
      done_ = true;
      sync_.changed.notify_all();
    }
    ReleaseOnOwnThread(std::move(self_));
  }

  CallSync sync_;
  grpc::ClientContext context_;
  ReadSide<Response> reads_;
  WriteSide<Request> writes_;
  bool done_ = false;
  grpc::Status status_;
  std::shared_ptr<BidiStream> self_;
};

// What a Python stream object holds: cancels the call when Python drops it
// (a `for` loop left by break or an exception), so the server stops too.
template <class Stream>
class StreamHandle {
 public:
  explicit StreamHandle(std::shared_ptr<Stream> stream)
      : stream_(std::move(stream)) {}
  ~StreamHandle() { stream_->Cancel(); }
  StreamHandle(const StreamHandle&) = delete;
  StreamHandle& operator=(const StreamHandle&) = delete;

  Stream* operator->() const { return stream_.get(); }

 private:
  std::shared_ptr<Stream> stream_;
};

}  // namespace bindings

#endif  // BINDINGS_COMMON_REACTORS_H_
