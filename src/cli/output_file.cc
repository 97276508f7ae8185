#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "printers.h"
#include "retention/error.h"

namespace retention {

namespace {

// Writes everything to an open descriptor; false with errno set on failure.
bool WriteAll(int fd, const std::string& content) {
  const char* data = content.data();
  size_t left = content.size();
  while (left > 0) {
    ssize_t n = write(fd, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    data += n;
    left -= static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

void WriteFileAtomically(const std::string& requested, const std::string& content) {
  auto fail = [&](const std::string& what) {
    throw DataError(Location{requested, 0, 0}, what + ": " + std::strerror(errno));
  };
  // A symlink (a "latest.json" pointing at this month's file) is followed,
  // so the link survives and its target gets the new content.
  std::string path = requested;
  char resolved[PATH_MAX];
  struct stat link_info;
  if (lstat(path.c_str(), &link_info) == 0 && S_ISLNK(link_info.st_mode)) {
    if (realpath(path.c_str(), resolved) == nullptr) fail("cannot follow the link");
    path = resolved;
  }
  // Devices, FIFOs and sockets (/dev/stdout, a pipe) cannot be replaced by
  // a rename; they are written to directly.
  struct stat info;
  if (stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) {
    int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) fail("cannot write the output");
    if (!WriteAll(fd, content)) {
      int err = errno;
      close(fd);
      errno = err;
      fail("cannot write the output");
    }
    if (close(fd) != 0) fail("cannot write the output");
    return;
  }
  // The temporary file sits next to the target so rename() stays within
  // one file system and is atomic.
  std::string temp = path + ".tmp.XXXXXX";
  int fd = mkstemp(&temp[0]);
  if (fd < 0) fail("cannot write the output file");
  mode_t mask = umask(0);
  umask(mask);
  fchmod(fd, 0666 & ~mask);
  if (!WriteAll(fd, content)) {
    int err = errno;
    close(fd);
    unlink(temp.c_str());
    errno = err;
    fail("cannot write the output file");
  }
  if (fsync(fd) != 0 || close(fd) != 0) {
    int err = errno;
    unlink(temp.c_str());
    errno = err;
    fail("cannot write the output file");
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    int err = errno;
    unlink(temp.c_str());
    errno = err;
    fail("cannot replace the output file");
  }
}

}  // namespace retention
