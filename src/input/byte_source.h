// Byte streams from files, standard input or gzip, behind one interface.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

struct stat;

namespace retention {

/// Reads the bytes of one input. Gzip data is decompressed transparently,
/// whatever the file is called; UTF-16 with a byte-order mark is converted
/// to UTF-8. Everything else is passed on as it is.
class ByteSource {
 public:
  /// Opens `path`; "-" is standard input (named "<stdin>" in messages). Throws DataError when the
  /// file is missing, a directory or unreadable.
  static std::unique_ptr<ByteSource> Open(const std::string& path);
  /// stat() of what Open(path) would read ("-": the file or pipe stdin
  /// is); false when there is nothing there. Two inputs with the same
  /// device and inode are one file.
  static bool Stat(const std::string& path, struct stat* info);
  /// A source over bytes in memory (for tests and fuzzing).
  static std::unique_ptr<ByteSource> FromString(std::string name, std::string bytes);

  virtual ~ByteSource() = default;
  /// Reads up to `size` bytes into `buffer`; 0 means end of input.
  /// Throws DataError on a read error, corrupt gzip data (or data after it
  /// that is not another gzip member) or invalid UTF-16.
  virtual size_t Read(char* buffer, size_t size) = 0;
  /// For a plain file: all its bytes mapped into memory, and in
  /// `*position` how many of them Read() has returned, so the caller can
  /// take the rest in place instead of copying it out. Empty for any other
  /// source (or when the file cannot be mapped); the mapping lives as long
  /// as the source.
  virtual std::string_view Mapping(size_t* position) {
    *position = 0;
    return {};
  }
  /// Throws DataError when a regular file changed size since it was
  /// opened: shrank (pages of a mapping past its new end read as zeros
  /// instead of ending the process) or grew (an export still being
  /// written). Call it after using the bytes read, before trusting them.
  /// Does nothing for other sources (pipes, standard input).
  virtual void CheckUnchanged() {}
  /// How much of the input has been read, for progress displays.
  struct Progress {
    uint64_t done = 0;   // bytes of the input as stored (compressed, for gzip)
    uint64_t total = 0;  // its size; 0 when unknown (a pipe)
  };
  virtual Progress progress() const { return {}; }
  /// A mapped source's bytes before `end` have been taken in place (they
  /// count as read for progress()).
  virtual void NoteMapped(size_t /*end*/) {}
  /// The name to show in messages.
  const std::string& name() const { return name_; }

 protected:
  explicit ByteSource(std::string name) : name_(std::move(name)) {}

 private:
  std::string name_;
};

/// Reads the whole source into a string.
std::string ReadAll(ByteSource* source);

/// The default longest record (LoadOptions::max_line_length).
constexpr size_t kDefaultMaxRecordBytes = size_t{1} << 20;

/// Throws the DataError for a record (a line, or a CSV record whose quoted
/// field spans lines) longer than `max_bytes`: readers stop there instead of
/// buffering on, so memory stays bounded for any input. `record` holds the
/// record's first max_bytes + 1 bytes (or more); it starts at column 1 of
/// `line` in `file`. The error points at the first byte past the limit.
/// `csv`: a quote left open makes a CSV record run on, so say so.
[[noreturn]] void FailRecordTooLong(const std::string& file, std::string_view record, int64_t line,
                                    size_t max_bytes, bool csv = false);

}  // namespace retention
