// Writing a text to an open file as it is produced: in full, and, for a
// new file about to be fsync'ed, with its pages flushed to disk behind the
// writing.
#pragma once

#include <exception>
#include <functional>

#include "cli/print/printers.h"

namespace retention {

/// Writes what `produce` hands its sink to `fd`, in order; false with
/// errno set when a write fails (the pieces after it are dropped). An
/// exception from `produce` is held in `*thrown` until the caller has
/// cleaned up, so it is thrown as itself. `new_file`: `fd` is a regular
/// file of our own that is fsync'ed next, so its text is flushed as it
/// goes.
bool WriteProduced(int fd, const std::function<void(const TextSink&)>& produce,
                   std::exception_ptr* thrown, bool new_file = false);

}  // namespace retention
