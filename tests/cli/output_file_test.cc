// -o: an input is never the output, a replaced file keeps its mode, and no
// temporary file outlives a signal. Deaths are simulated in forked children.
#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <climits>
#include <csignal>
#include <fstream>
#include <functional>
#include <stdexcept>

#include "cli/file_writer.h"
#include "cli/print/printers.h"
#include "retention/error.h"

using namespace retention;

namespace {

// A fresh folder, removed with whatever is left in it.
class Folder {
 public:
  Folder() {
    char dir[] = "/tmp/retention-out-XXXXXX";
    path_ = mkdtemp(dir);
  }
  ~Folder() {
    for (const std::string& name : Names()) unlink((path_ + "/" + name).c_str());
    rmdir(path_.c_str());
  }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }
  const std::string& path() const { return path_; }
  std::vector<std::string> Names() const {
    std::vector<std::string> names;
    DIR* dir = opendir(path_.c_str());
    while (dirent* entry = readdir(dir)) {
      std::string name = entry->d_name;
      if (name != "." && name != "..") names.push_back(name);
    }
    closedir(dir);
    return names;
  }
  bool HasTempFile() const {
    for (const std::string& name : Names()) {
      if (name.find(".tmp.") != std::string::npos) return true;
    }
    return false;
  }

 private:
  std::string path_;
};

void Write(const std::string& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
}

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

mode_t ModeOf(const std::string& path) {
  struct stat info;
  REQUIRE(stat(path.c_str(), &info) == 0);
  return info.st_mode & 07777;
}

// Runs `body` in a child process and returns its wait status; the child
// never returns into the test framework.
int InChild(const std::function<void()>& body) {
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    body();
    _exit(0);
  }
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  return status;
}

// The file size limit stops a write part-way through, at the same byte
// every time: a death mid-write that does not depend on timing.
void LimitFileSize() {
  struct rlimit no_core = {0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
  struct rlimit small = {4096, 4096};
  setrlimit(RLIMIT_FSIZE, &small);
}

bool HasTmpfile(const std::string& folder) {
  int fd = open(folder.c_str(), O_TMPFILE | O_WRONLY, 0600);
  if (fd < 0) return false;
  close(fd);
  return true;
}

}  // namespace

TEST_CASE("an input file is never the output, however it is spelled") {
  Folder folder;
  std::string input = folder / "orders.csv";
  Write(input, "customer_id,date,amount\n");
  REQUIRE(symlink(input.c_str(), (folder / "link.csv").c_str()) == 0);
  REQUIRE(link(input.c_str(), (folder / "hard.csv").c_str()) == 0);
  char here[PATH_MAX];
  REQUIRE(getcwd(here, sizeof here) != nullptr);
  REQUIRE(chdir(folder.path().c_str()) == 0);
  for (std::string output :
       {std::string("orders.csv"), std::string("./orders.csv"), input, folder / "link.csv",
        folder / "hard.csv", folder / "../" + folder.path().substr(5) + "/orders.csv"}) {
    INFO(output);
    CHECK_THROWS_AS(CheckOutputPath(output, {"-", input}), UsageError);
    CHECK_THROWS_WITH(CheckOutputPath(output, {"orders.csv"}),
                      Catch::Contains("-o " + output) && Catch::Contains("input file orders.csv"));
  }
  // Subscriptions and later files count as much as the first.
  CHECK_THROWS_AS(CheckOutputPath("link.csv", {"other.csv", "-", "./orders.csv"}), UsageError);
  REQUIRE(chdir(here) == 0);
  Write(folder / "report.csv", "old");
  CHECK_NOTHROW(CheckOutputPath(folder / "report.csv", {input}));
  CHECK_NOTHROW(CheckOutputPath(folder / "new.csv", {input}));
  CHECK_NOTHROW(CheckOutputPath("", {input}));
  CHECK_NOTHROW(CheckOutputPath("-", {"-"}));
  CHECK_NOTHROW(CheckOutputPath("/dev/null", {"/dev/null"}));
  CHECK_NOTHROW(CheckOutputPath(input, {folder / "missing.csv"}));
  CHECK(Read(input) == "customer_id,date,amount\n");
}

TEST_CASE("a folder is no output file") {
  Folder folder;
  CHECK_THROWS_WITH(CheckOutputPath(folder.path(), {}),
                    Catch::Contains(folder.path() + " is a folder"));
  CHECK_THROWS_AS(WriteFileAtomically(folder.path(), "x"), UsageError);
}

TEST_CASE("an output in a folder that does not exist is refused before any work") {
  Folder folder;
  const std::string missing = folder / "reports";
  CHECK_THROWS_WITH(CheckOutputPath(missing + "/2024-06.csv", {}),
                    Catch::Contains("the folder " + missing + " does not exist") &&
                        Catch::Contains("mkdir -p " + missing));
  CHECK_THROWS_AS(CheckOutputPath(missing + "/deeper/x.json", {}), UsageError);
  // A new file in a folder that is there, here or at the root, is fine.
  CHECK_NOTHROW(CheckOutputPath(folder / "new.csv", {}));
  CHECK_NOTHROW(CheckOutputPath("not-yet-written-by-this-test.csv", {}));
  CHECK_NOTHROW(CheckOutputPath("/not-yet-written-by-this-test.csv", {}));
}

TEST_CASE("a text written piece by piece arrives whole, or not at all") {
  for (bool anonymous : {true, false}) {
    INFO("anonymous temporary file: " << anonymous);
    Folder folder;
    std::string path = folder / "clv.csv";
    std::string expected;
    WriteFileAtomically(
        path,
        [&](const TextSink& sink) {
          for (int i = 0; i < 1000; ++i) {
            std::string piece = std::to_string(i) + ",x\n";
            expected += piece;
            sink(piece);
          }
        },
        anonymous);
    CHECK(Read(path) == expected);
    // What the producer throws comes out as itself; the file is as it was
    // and no temporary file is left.
    CHECK_THROWS_WITH(WriteFileAtomically(
                          path,
                          [](const TextSink& sink) {
                            sink("half a text\n");
                            throw std::runtime_error("out of memory, say");
                          },
                          anonymous),
                      "out of memory, say");
    CHECK(Read(path) == expected);
    CHECK_FALSE(folder.HasTempFile());
  }
}

TEST_CASE("a text past the 16 MB that are flushed behind it arrives whole") {
  // Flushed to disk on another thread while the rest is written: the
  // file is the text, byte for byte, whichever temporary file is taken.
  for (bool anonymous : {true, false}) {
    INFO("anonymous temporary file: " << anonymous);
    Folder folder;
    const std::string path = folder / "customers.json";
    constexpr int kPieces = 40;  // of 1 MB: two flushes behind
    const int64_t flushes = FlushesBehind();
    WriteFileAtomically(
        path,
        [&](const TextSink& sink) {
          std::string piece(size_t{1} << 20, ' ');
          for (int i = 0; i < kPieces; ++i) {
            piece.replace(0, 8, fmt::format("{:08d}", i));
            sink(piece);
          }
        },
        anonymous);
    CHECK(FlushesBehind() - flushes == 2);
    const std::string text = Read(path);
    REQUIRE(text.size() == size_t{kPieces} << 20);
    for (int i = 0; i < kPieces; ++i) {
      CHECK(text.compare(static_cast<size_t>(i) << 20, 8, fmt::format("{:08d}", i)) == 0);
    }
    CHECK_FALSE(folder.HasTempFile());
  }
}

TEST_CASE("a replaced file keeps its mode, a new one gets the umask's") {
  for (bool anonymous : {true, false}) {
    INFO("anonymous temporary file: " << anonymous);
    Folder folder;
    std::string path = folder / "report.csv";
    Write(path, "old");
    REQUIRE(chmod(path.c_str(), 0600) == 0);
    WriteFileAtomically(path, "new", anonymous);
    CHECK(Read(path) == "new");
    CHECK(ModeOf(path) == 0600);
    REQUIRE(chmod(path.c_str(), 0640) == 0);
    WriteFileAtomically(path, "newer", anonymous);
    CHECK(ModeOf(path) == 0640);

    mode_t old_mask = umask(027);
    WriteFileAtomically(folder / "fresh.csv", "x", anonymous);
    umask(old_mask);
    CHECK(ModeOf(folder / "fresh.csv") == 0640);
    CHECK_FALSE(folder.HasTempFile());
  }
}

TEST_CASE("a stop signal removes the registered temporary file and still stops the process") {
  Folder folder;
  std::string temp = folder / "report.csv.tmp.abcdef";
  int status = InChild([&] {
    RemoveOnSignal guard;
    Write(temp, "partial");
    guard.Arm(temp);
    raise(SIGTERM);
  });
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGTERM);
  CHECK_FALSE(folder.HasTempFile());

  // Disarmed (renamed into place), the file is no longer touched.
  status = InChild([&] {
    RemoveOnSignal guard;
    Write(temp, "whole");
    guard.Arm(temp);
    guard.Disarm();
    raise(SIGINT);
  });
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGINT);
  CHECK(Read(temp) == "whole");

  // A signal the process ignores (nohup) stays ignored.
  status = InChild([&] {
    signal(SIGHUP, SIG_IGN);
    RemoveOnSignal guard;
    guard.Arm(temp);
    raise(SIGHUP);
  });
  CHECK(WIFEXITED(status));
  CHECK(Read(temp) == "whole");
}

TEST_CASE("SIGTERM in the middle of a write leaves the old file and no temporary file") {
  for (bool anonymous : {true, false}) {
    INFO("anonymous temporary file: " << anonymous);
    Folder folder;
    std::string path = folder / "report.json";
    Write(path, "old");
    int status = InChild([&] {
      LimitFileSize();
      // Hitting the limit part-way through the write sends the SIGTERM.
      signal(SIGXFSZ, [](int) { raise(SIGTERM); });
      WriteFileAtomically(path, std::string(1 << 20, 'x'), anonymous);
    });
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGTERM);
    CHECK_FALSE(folder.HasTempFile());
    CHECK(Read(path) == "old");
  }
}

TEST_CASE("a death that cannot be caught leaves no temporary file where O_TMPFILE works") {
  Folder folder;
  if (!HasTmpfile(folder.path())) {
    WARN("this file system has no O_TMPFILE; nothing to check");
    return;
  }
  std::string path = folder / "report.json";
  Write(path, "old");
  // SIGXFSZ's default action kills like kill -9 would: no handler runs.
  int status = InChild([&] {
    LimitFileSize();
    signal(SIGXFSZ, SIG_DFL);
    WriteFileAtomically(path, std::string(1 << 20, 'x'));
  });
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGXFSZ);
  CHECK_FALSE(folder.HasTempFile());
  CHECK(Read(path) == "old");
}
