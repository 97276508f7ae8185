// A file with given content in a fresh temporary folder, removed when the
// test ends; written gzip-compressed when its name ends in ".gz".
#pragma once

#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <fstream>
#include <string>

class TempFile {
 public:
  TempFile(const std::string& name, const std::string& content) {
    char dir[] = "/tmp/retention-test-XXXXXX";
    dir_ = mkdtemp(dir);
    path_ = dir_ + "/" + name;
    if (name.size() > 3 && name.compare(name.size() - 3, 3, ".gz") == 0) {
      gzFile f = gzopen(path_.c_str(), "wb");
      gzwrite(f, content.data(), static_cast<unsigned>(content.size()));
      gzclose(f);
    } else {
      std::ofstream(path_, std::ios::binary) << content;
    }
  }
  ~TempFile() {
    std::remove(path_.c_str());
    rmdir(dir_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string dir_, path_;
};
