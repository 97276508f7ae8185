#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "printers.h"
#include "retention/error.h"

namespace retention {

void WriteFileAtomically(const std::string& path, const std::string& content) {
  auto fail = [&](const std::string& what) {
    throw DataError(Location{path, 0, 0}, what + ": " + std::strerror(errno));
  };
  // The temporary file sits next to the target so rename() stays within
  // one file system and is atomic.
  std::string temp = path + ".tmp.XXXXXX";
  int fd = mkstemp(&temp[0]);
  if (fd < 0) fail("cannot write the output file");
  mode_t mask = umask(0);
  umask(mask);
  fchmod(fd, 0666 & ~mask);
  const char* data = content.data();
  size_t left = content.size();
  while (left > 0) {
    ssize_t n = write(fd, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      close(fd);
      unlink(temp.c_str());
      errno = err;
      fail("cannot write the output file");
    }
    data += n;
    left -= static_cast<size_t>(n);
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
