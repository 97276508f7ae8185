// An exclusive advisory lock (flock) on a lock file beside a file that is
// read, changed and replaced: the replaced file is a new inode, so the
// lock lives on a file that is never replaced.
#pragma once

#include <string>

namespace retention {

class FileLock {
 public:
  /// Creates `path` if needed and waits until no other process holds its
  /// lock. Throws DataError when it cannot be opened or locked.
  explicit FileLock(const std::string& path);
  /// Releases the lock (so does the process ending, even by kill -9).
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace retention
