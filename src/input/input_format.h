// Opening an input file and telling its format, shared by the order and
// the contract loaders.
#pragma once

#include <memory>
#include <string>

#include "input/byte_source.h"
#include "retention/load.h"

namespace retention {

/// Serves a prefix it has already read, then the rest of the source, so the
/// format can be sniffed from the first bytes of a pipe.
class PeekedSource : public ByteSource {
 public:
  explicit PeekedSource(std::unique_ptr<ByteSource> inner);
  size_t Read(char* buffer, size_t size) override;
  std::string_view Mapping(size_t* position) override;
  void CheckUnchanged() override;
  Progress progress() const override { return inner_->progress(); }
  void NoteMapped(size_t end) override { inner_->NoteMapped(end); }
  /// Up to the first 4 KiB of the input, or as much as Peek() asked for.
  const std::string& prefix() const { return prefix_; }
  /// Reads the prefix on to `size` bytes (fewer at the end of the input),
  /// so that a sample of the first rows can be taken; before any Read().
  const std::string& Peek(size_t size);
  /// Reading the input itself failed (a read error, a truncated gzip
  /// stream, a file changed while read): what went wrong is no problem of
  /// the data's content.
  bool failed() const { return failed_; }

 private:
  size_t ReadInner(char* buffer, size_t size);

  std::unique_ptr<ByteSource> inner_;
  std::string prefix_;
  size_t offset_ = 0;
  bool at_end_ = false;  // the prefix is the whole input
  bool failed_ = false;
};

/// The format of `path`: `requested` unless kAuto, else the extension
/// (".csv", ".tsv", ".txt", ".json", ".ndjson", ".jsonl", each optionally
/// ".gz"), else the first character of `prefix` ('[' a JSON array, '{'
/// NDJSON, anything else CSV). A JSON file is an array or NDJSON by its
/// first character whatever its name. ".tsv" sets `*delimiter` to a tab
/// when it is 0.
InputFormat DetectFormat(InputFormat requested, const std::string& path, const std::string& prefix,
                         char* delimiter);

/// What the file that starts with `prefix` is when it is no text export:
/// "an Excel workbook (.xlsx), not text; save it as CSV ...", for a
/// workbook, an archive, a PDF or an HTML page (a sign-in page saved in
/// the export's place); "" for text.
std::string NotTextExport(const std::string& prefix);

}  // namespace retention
