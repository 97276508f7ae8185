#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <functional>
#include <iterator>
#include <random>
#include <string_view>
#include <system_error>

#include "cli/file_writer.h"
#include "cli/print/printers.h"
#include "input/byte_source.h"
#include "retention/error.h"

namespace retention {

namespace {

// The signals that stop a run from the keyboard, `kill` or a closed
// terminal; each leaves its temporary file behind unless handled.
constexpr int kStopSignals[] = {SIGINT, SIGTERM, SIGHUP};

// What the handler removes. Plain globals: a signal handler may only read
// memory that is complete before it is armed.
char g_temp_path[PATH_MAX + 1];
volatile sig_atomic_t g_temp_armed = 0;
// The handlers RemoveOnSignal replaced, restored when it ends.
struct sigaction g_previous[std::size(kStopSignals)];

extern "C" void RemoveTempAndStop(int sig) {
  // Only async-signal-safe calls from here on.
  if (g_temp_armed) unlink(g_temp_path);
  signal(sig, SIG_DFL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  sigprocmask(SIG_UNBLOCK, &set, nullptr);
  raise(sig);
}

// Holds the stop signals back while a named temporary file comes into
// being or goes away, so the handler never sees it half registered.
class SignalsHeld {
 public:
  SignalsHeld() {
    sigset_t set;
    sigemptyset(&set);
    for (int sig : kStopSignals) sigaddset(&set, sig);
    sigprocmask(SIG_BLOCK, &set, &old_);
  }
  ~SignalsHeld() { sigprocmask(SIG_SETMASK, &old_, nullptr); }
  SignalsHeld(const SignalsHeld&) = delete;
  SignalsHeld& operator=(const SignalsHeld&) = delete;

 private:
  sigset_t old_;
};

// The descriptor of this process that a path such as /dev/stdout,
// /dev/stderr, /dev/fd/N or /proc/self/fd/N names, when it is open; else
// -1. Opening such a path anew, or renaming over the file it resolves to,
// is not writing to the descriptor: stdout redirected with `>> log.txt`
// would lose the log.
int OpenDescriptorNamed(const std::string& path) {
  int fd = -1;
  if (path == "/dev/stdout") {
    fd = STDOUT_FILENO;
  } else if (path == "/dev/stderr") {
    fd = STDERR_FILENO;
  } else {
    const std::string prefixes[] = {"/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/",
                                    "/proc/" + std::to_string(getpid()) + "/fd/"};
    for (const std::string& prefix : prefixes) {
      if (path.size() <= prefix.size() || path.compare(0, prefix.size(), prefix) != 0) continue;
      const std::string number = path.substr(prefix.size());
      if (number.size() > 9 || number.find_first_not_of("0123456789") != std::string::npos) {
        return -1;
      }
      fd = std::atoi(number.c_str());
      break;
    }
  }
  if (fd < 0 || fcntl(fd, F_GETFD) == -1) return -1;
  return fd;
}

std::string FolderOf(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// "TARGET.tmp.Ab3xQz": the name mkstemp would pick, for linkat.
std::string TempName(const std::string& path) {
  static const char kLetters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  static std::mt19937 generator{std::random_device{}()};
  std::string name = path + ".tmp.";
  for (int i = 0; i < 6; ++i) name += kLetters[generator() % (sizeof kLetters - 1)];
  return name;
}

// The output is written beside itself (beside a link's target) and
// renamed into place, which takes the folder's permission to create
// files: checked before the inputs are read, as a missing folder is.
void CheckFolderTakesFiles(const std::string& output, const std::string& flag) {
  const std::string folder = FolderOf(FollowLink(output).value_or(output));
  if (access(folder.c_str(), W_OK | X_OK) == 0 || (errno != EACCES && errno != EROFS)) return;
  const int why = errno;
  throw UsageError(flag + " " + output + ": cannot create a file in the folder " + folder + " (" +
                   std::strerror(why) + "); make the folder writable or write elsewhere");
}

[[noreturn]] void ThrowFolder(const std::string& path, const std::string& flag = "-o") {
  const bool slash = !path.empty() && path.back() == '/';
  throw UsageError(flag + " " + path + " is a folder; name a file in it, like " + path +
                   (slash ? "" : "/") + "report.csv");
}

// A replaced file keeps its owner and group where this process may set
// them: only root may give a file away, others keep what they can (their
// group). False with errno set on any other failure.
bool KeepOwner(int fd, const struct stat& old) {
  struct stat now;
  if (fstat(fd, &now) != 0) return false;
  if (now.st_uid == old.st_uid && now.st_gid == old.st_gid) return true;
  auto refused = [] { return errno == EPERM || errno == EINVAL; };
  if (fchown(fd, old.st_uid, old.st_gid) == 0) return true;
  if (!refused()) return false;
  return fchown(fd, static_cast<uid_t>(-1), old.st_gid) == 0 || refused();
}

}  // namespace

RemoveOnSignal::RemoveOnSignal() {
  for (size_t i = 0; i < std::size(kStopSignals); ++i) {
    struct sigaction action {};
    action.sa_handler = RemoveTempAndStop;
    sigemptyset(&action.sa_mask);
    sigaction(kStopSignals[i], nullptr, &g_previous[i]);
    // A signal the caller ignores (nohup, a background job) stays ignored.
    if (g_previous[i].sa_handler == SIG_IGN) continue;
    sigaction(kStopSignals[i], &action, nullptr);
  }
}

RemoveOnSignal::~RemoveOnSignal() {
  Disarm();
  for (size_t i = 0; i < std::size(kStopSignals); ++i) {
    sigaction(kStopSignals[i], &g_previous[i], nullptr);
  }
}

void RemoveOnSignal::Arm(const std::string& path) {
  if (path.size() > PATH_MAX) return;  // no file can have such a name
  g_temp_armed = 0;
  std::memcpy(g_temp_path, path.c_str(), path.size() + 1);
  g_temp_armed = 1;
}

void RemoveOnSignal::Disarm() { g_temp_armed = 0; }

namespace {

// The input `target` is, if any: "-" is the file stdin is redirected from,
// if it is one.
const std::string* InputAt(const struct stat& target, const std::vector<std::string>& inputs) {
  for (const std::string& input : inputs) {
    struct stat source;
    if (ByteSource::Stat(input, &source) && source.st_dev == target.st_dev &&
        source.st_ino == target.st_ino) {
      return &input;
    }
  }
  return nullptr;
}

std::string InputName(const std::string& input) {
  return input == "-" ? "read on standard input (-)" : input;
}

}  // namespace

void CheckOutputPath(const std::string& output, const std::vector<std::string>& inputs,
                     const std::string& flag) {
  if (output.empty() || output == "-") {
    // `report orders.csv >> orders.csv` would append the report to the
    // data (with > the shell has emptied it already): said either way.
    struct stat out;
    if (flag == "-o" && fstat(STDOUT_FILENO, &out) == 0 && S_ISREG(out.st_mode)) {
      if (const std::string* input = InputAt(out, inputs)) {
        throw UsageError("standard output is redirected to the input file " + InputName(*input) +
                         "; the output would be written into the data it is computed from: "
                         "redirect it to another file, or give -o FILE");
      }
    }
    return;
  }
  struct stat target;
  if (stat(output.c_str(), &target) != 0) {
    // A link is followed when written, so one to nothing fails there: say
    // so before the inputs are read.
    struct stat link;
    if (errno == ENOENT && lstat(output.c_str(), &link) == 0 && S_ISLNK(link.st_mode)) {
      char to[PATH_MAX];
      const ssize_t n = readlink(output.c_str(), to, sizeof(to) - 1);
      const std::string where = n > 0 ? std::string(to, static_cast<size_t>(n)) : "?";
      throw UsageError("cannot write " + output + ": it is a link to " + where +
                       ", which does not exist; remove the link, or write elsewhere");
    }
    // A new file is no input, but its folder must be there: found only at
    // the end, a missing one would throw the whole run away.
    const std::string folder = FolderOf(output);
    struct stat parent;
    if (stat(folder.c_str(), &parent) != 0 && errno == ENOENT) {
      throw UsageError("cannot write " + output + ": the folder " + folder +
                       " does not exist; create it first (mkdir -p " + folder +
                       ") or write elsewhere");
    }
    CheckFolderTakesFiles(output, flag);
    return;
  }
  if (S_ISDIR(target.st_mode)) ThrowFolder(output, flag);
  // Devices and pipes are written to, not replaced: no data is lost.
  if (!S_ISREG(target.st_mode)) return;
  if (const std::string* input = InputAt(target, inputs)) {
    throw UsageError(flag + " " + output + " is the input file " + InputName(*input) +
                     "; the output would replace the data it is computed from: write it to "
                     "another file");
  }
  // The file is replaced by a rename, which needs only the folder's
  // permission: a file made read-only (a history kept with chmod 444) is
  // refused as `>` refuses it.
  if (access(output.c_str(), W_OK) != 0) {
    if (errno == EROFS) {
      throw UsageError(flag + " " + output +
                       " is on a read-only file system; write it on another (or remount this "
                       "one read-write)");
    }
    throw UsageError(flag + " " + output + " is write-protected; " +
                     (target.st_uid == geteuid()
                          ? "make it writable (chmod u+w " + output + ") or write elsewhere"
                          : std::string("it belongs to another user: run as its owner, or write "
                                        "elsewhere")));
  }
  CheckFolderTakesFiles(output, flag);
}

bool StdoutIsFile(const std::string& path) {
  struct stat out, file;
  return fstat(STDOUT_FILENO, &out) == 0 && S_ISREG(out.st_mode) &&
         stat(path.c_str(), &file) == 0 && out.st_dev == file.st_dev && out.st_ino == file.st_ino;
}

bool SameOutputFile(const std::string& a, const std::string& b) {
  struct stat x, y;
  const bool has_a = stat(a.c_str(), &x) == 0, has_b = stat(b.c_str(), &y) == 0;
  if (has_a || has_b) return has_a && has_b && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
  // Neither is there yet: the same name in the same folder, however spelled.
  auto resolved = [](const std::string& path) {
    const size_t slash = path.find_last_of('/');
    const std::string folder = slash == std::string::npos ? "."
                               : slash == 0               ? "/"
                                                          : path.substr(0, slash);
    char buffer[PATH_MAX];
    if (realpath(folder.c_str(), buffer) == nullptr) return path;
    return std::string(buffer) + "/" + path.substr(slash == std::string::npos ? 0 : slash + 1);
  };
  return resolved(a) == resolved(b);
}

std::optional<std::string> FollowLink(const std::string& path) {
  struct stat info;
  if (lstat(path.c_str(), &info) != 0 || !S_ISLNK(info.st_mode)) return path;
  char resolved[PATH_MAX];
  if (realpath(path.c_str(), resolved) == nullptr) return std::nullopt;
  return std::string(resolved);
}

void WriteFileAtomically(const std::string& requested, const std::string& content,
                         bool anonymous_temp) {
  WriteFileAtomically(
      requested, [&content](const TextSink& sink) { sink(content); }, anonymous_temp);
}

void WriteFileAtomically(const std::string& requested,
                         const std::function<void(const TextSink&)>& produce, bool anonymous_temp) {
  std::exception_ptr thrown;  // by `produce`: thrown again once cleaned up
  auto fail = [&](const std::string& what) {
    if (thrown) std::rethrow_exception(thrown);
    throw DataError(Location{requested, 0, 0}, what + ": " + std::strerror(errno));
  };
  auto fail_keeping_errno = [&](const std::string& what, auto cleanup) {
    int err = errno;
    cleanup();
    errno = err;
    fail(what);
  };
  // -o /dev/stdout: the output goes where stdout goes (a terminal, a
  // pipe, or a file the shell opened, at its offset and with its >>), as
  // without -o.
  if (int fd = OpenDescriptorNamed(requested); fd >= 0) {
    std::fflush(nullptr);
    if (!WriteProduced(fd, produce, &thrown)) fail("cannot write the output");
    return;
  }
  struct stat info;
  bool exists = stat(requested.c_str(), &info) == 0;
  if (exists && S_ISDIR(info.st_mode)) ThrowFolder(requested);
  // Devices, FIFOs and sockets (/dev/stdout, /dev/null, a pipe) cannot be
  // replaced by a rename; they are written to directly.
  if (exists && !S_ISREG(info.st_mode)) {
    int fd = open(requested.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) fail("cannot write the output");
    if (!WriteProduced(fd, produce, &thrown)) {
      fail_keeping_errno("cannot write the output", [&] { close(fd); });
    }
    if (close(fd) != 0) fail("cannot write the output");
    return;
  }
  if (exists && access(requested.c_str(), W_OK) != 0) fail("cannot write the output");
  // A symlink (a "latest.json" pointing at this month's file) is followed,
  // so the link survives and its target gets the new content.
  const std::optional<std::string> followed = FollowLink(requested);
  if (!followed) fail("cannot follow the link");
  const std::string path = *followed;
  // A replaced file keeps its permissions (a private 0600 report stays
  // private); a new one gets what the umask allows, as with any new file.
  mode_t mode;
  if (exists) {
    mode = info.st_mode & 07777;
  } else {
    mode_t mask = umask(0);
    umask(mask);
    mode = 0666 & ~mask;
  }
  // Content, owner and mode of a temporary file; false with errno set.
  auto fill = [&](int fd) {
    if (!WriteProduced(fd, produce, &thrown, /*new_file=*/true)) return false;
    if (exists && !KeepOwner(fd, info)) return false;
    // After fchown, which may clear set-id bits.
    return fchmod(fd, mode) == 0 && fsync(fd) == 0;
  };
  RemoveOnSignal guard;
  // The temporary file sits next to the target so rename() stays within
  // one file system and is atomic. With O_TMPFILE it has no name until it
  // is complete, so nothing is left behind even by kill -9; it is then
  // linked under a temporary name (linkat cannot replace) and renamed.
  if (anonymous_temp) {
    int fd = open(FolderOf(path).c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
    if (fd >= 0) {
      if (!fill(fd)) fail_keeping_errno("cannot write the output file", [&] { close(fd); });
      std::string proc_path = "/proc/self/fd/" + std::to_string(fd);
      SignalsHeld held;
      for (int attempt = 0; attempt < 100; ++attempt) {
        std::string temp = TempName(path);
        if (linkat(AT_FDCWD, proc_path.c_str(), AT_FDCWD, temp.c_str(), AT_SYMLINK_FOLLOW) != 0) {
          if (errno == EEXIST) continue;
          break;  // no /proc: the named temporary file below does it
        }
        close(fd);
        if (std::rename(temp.c_str(), path.c_str()) != 0) {
          fail_keeping_errno("cannot replace the output file", [&] { unlink(temp.c_str()); });
        }
        return;
      }
      close(fd);
    }
    // Without O_TMPFILE (older kernels, some file systems) the named file
    // below does the same; only kill -9 can leave it behind.
  }
  std::string temp = path + ".tmp.XXXXXX";
  int fd;
  {
    SignalsHeld held;
    fd = mkstemp(&temp[0]);
    if (fd >= 0) guard.Arm(temp);
  }
  if (fd < 0 && (errno == EACCES || errno == EPERM || errno == EROFS)) {
    // The file itself may be writable: it is the folder that takes no new
    // file, and the output is written beside the target, then renamed.
    throw DataError(Location{requested, 0, 0},
                    "cannot create a file in the folder " + FolderOf(path) + ": " +
                        std::strerror(errno) +
                        "; the output is written there first, then renamed over the file: make "
                        "the folder writable or write elsewhere");
  }
  if (fd < 0) fail("cannot write the output file");
  auto remove_temp = [&] {
    SignalsHeld held;
    unlink(temp.c_str());
    guard.Disarm();
  };
  if (!fill(fd)) {
    fail_keeping_errno("cannot write the output file", [&] {
      close(fd);
      remove_temp();
    });
  }
  if (close(fd) != 0) fail_keeping_errno("cannot write the output file", remove_temp);
  SignalsHeld held;
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    fail_keeping_errno("cannot replace the output file", [&] {
      unlink(temp.c_str());
      guard.Disarm();
    });
  }
  guard.Disarm();
}

}  // namespace retention
