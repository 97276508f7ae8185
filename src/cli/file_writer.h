// Writing a text to an open file as it is produced: in full, and, for a
// new file about to be fsync'ed, with its pages flushed to disk behind the
// writing.
#pragma once

#include <cstdint>
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

/// How many flushes to disk ran behind the writing of files past 16 MB
/// in this process (each 16 MB of a file is flushed on a thread of its
/// own while the rest is written, so the fsync before the rename waits for
/// the last few megabytes only).
int64_t FlushesBehind();

}  // namespace retention
