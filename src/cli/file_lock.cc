#include "cli/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "cli/notices.h"
#include "retention/error.h"

namespace retention {

FileLock::FileLock(const std::string& path) {
  fd_ = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY, 0666);
  // A lock file another user made (root's cron, 0644) can still be locked:
  // flock needs only a descriptor, and the history may be ours to write.
  if (fd_ < 0 && errno == EACCES) {
    fd_ = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd_ < 0) errno = EACCES;  // none there, in a folder we may not write: say that
  }
  if (fd_ < 0) {
    // The lock, and the new history written before it replaces the old,
    // sit beside the history: its folder must let this user write.
    const int err = errno;
    throw DataError(Location{path, 0, 0},
                    std::string("cannot open the lock file: ") + std::strerror(err) +
                        (err == EACCES  ? "; --append writes beside the history: run as a user "
                                          "who may write in its folder, or keep it in another"
                         : err == EROFS ? "; the history is on a read-only file system: keep it "
                                          "on another"
                                        : ""));
  }
  // Another run holds it: say so, or a run that hangs behind a stuck one
  // (a cron job still reading last night's export) waits without a word.
  if (flock(fd_, LOCK_EX | LOCK_NB) == 0) return;
  if (errno == EWOULDBLOCK) {
    Notice("note: waiting for another run to release " + path +
           " (it holds the history; a run still going, or one stuck)");
  }
  while (flock(fd_, LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    int err = errno;
    close(fd_);
    throw DataError(Location{path, 0, 0}, std::string("cannot lock: ") + std::strerror(err));
  }
}

FileLock::~FileLock() {
  if (fd_ >= 0) close(fd_);  // closing the last descriptor releases the lock
}

}  // namespace retention
