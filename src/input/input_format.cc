#include "input/input_format.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace retention {
namespace {

bool EndsWith(const std::string& s, const char* suffix) {
  size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

}  // namespace

PeekedSource::PeekedSource(std::unique_ptr<ByteSource> inner)
    : ByteSource(inner->name()), inner_(std::move(inner)) {
  Peek(4096);
}

const std::string& PeekedSource::Peek(size_t size) {
  if (offset_ != 0 || prefix_.size() >= size || at_end_) return prefix_;
  size_t used = prefix_.size();
  prefix_.resize(size);
  while (used < prefix_.size()) {
    size_t n = ReadInner(&prefix_[used], prefix_.size() - used);
    if (n == 0) {
      at_end_ = true;
      break;
    }
    used += n;
  }
  prefix_.resize(used);
  return prefix_;
}

size_t PeekedSource::Read(char* buffer, size_t size) {
  if (offset_ < prefix_.size()) {
    size_t n = std::min(size, prefix_.size() - offset_);
    std::memcpy(buffer, prefix_.data() + offset_, n);
    offset_ += n;
    return n;
  }
  return ReadInner(buffer, size);
}

size_t PeekedSource::ReadInner(char* buffer, size_t size) {
  try {
    return inner_->Read(buffer, size);
  } catch (...) {
    failed_ = true;
    throw;
  }
}

void PeekedSource::CheckUnchanged() {
  try {
    inner_->CheckUnchanged();
  } catch (...) {
    failed_ = true;
    throw;
  }
}

std::string_view PeekedSource::Mapping(size_t* position) {
  std::string_view mapping = inner_->Mapping(position);
  // Bytes of the prefix not yet returned are the mapping's too.
  if (!mapping.empty()) *position -= prefix_.size() - std::min(offset_, prefix_.size());
  return mapping;
}

InputFormat DetectFormat(InputFormat requested, const std::string& path, const std::string& prefix,
                         char* delimiter) {
  size_t i = prefix.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  while (i < prefix.size() && std::isspace(static_cast<unsigned char>(prefix[i]))) ++i;
  char first = i < prefix.size() ? prefix[i] : 0;
  // JSON files are either an array or one object per line; the first
  // character tells which, whatever the extension says.
  auto json_kind = [&] { return first == '[' ? InputFormat::kJson : InputFormat::kNdjson; };
  if (requested == InputFormat::kJson || requested == InputFormat::kNdjson) return json_kind();
  if (requested == InputFormat::kCsv) return InputFormat::kCsv;
  std::string name = path;
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (EndsWith(name, ".gz")) name.resize(name.size() - 3);
  if (EndsWith(name, ".tsv") || EndsWith(name, ".tab")) {
    if (*delimiter == 0) *delimiter = '\t';
    return InputFormat::kCsv;
  }
  // JSON saved under a CSV name: '{' then a key, or '[' then an object.
  // Not "[CustomerID],[OrderDate]", a CSV header as SQL Server writes it.
  size_t next = i + 1;
  while (next < prefix.size() && std::isspace(static_cast<unsigned char>(prefix[next]))) ++next;
  const char second = next < prefix.size() ? prefix[next] : 0;
  const bool array = first == '[' && (second == '{' || second == ']' || second == 0);
  if ((first == '{' && second == '"') || array) return json_kind();
  if (EndsWith(name, ".csv") || EndsWith(name, ".txt")) return InputFormat::kCsv;
  if (EndsWith(name, ".json") || EndsWith(name, ".ndjson") || EndsWith(name, ".jsonl")) {
    return json_kind();
  }
  if (first == '{') return json_kind();  // NDJSON, whatever its first key
  return InputFormat::kCsv;
}

std::string NotTextExport(const std::string& prefix) {
  auto starts = [&](std::string_view magic) { return prefix.compare(0, magic.size(), magic) == 0; };
  if (starts("PK\x03\x04")) {
    // A workbook is a ZIP of XML parts, named early in the archive.
    if (prefix.find("xl/") != std::string::npos ||
        prefix.find("[Content_Types].xml") != std::string::npos) {
      return "the file is an Excel workbook (.xlsx), not text; save it from the spreadsheet as "
             "CSV UTF-8 (File > Save As), then read that";
    }
    return "the file is a ZIP archive, not text; unzip it first (unzip -l lists what it holds)";
  }
  if (starts("\xD0\xCF\x11\xE0")) {
    return "the file is an Excel 97-2003 workbook (.xls), not text; save it from the spreadsheet "
           "as CSV UTF-8 (File > Save As), then read that";
  }
  if (starts("%PDF")) return "the file is a PDF, not an export of orders; download it as CSV";
  size_t i = starts("\xEF\xBB\xBF") ? 3 : 0;
  while (i < prefix.size() && std::isspace(static_cast<unsigned char>(prefix[i]))) ++i;
  std::string head = prefix.substr(i, 15);
  for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (head.rfind("<!doctype html", 0) == 0 || head.rfind("<html", 0) == 0) {
    return "the file is an HTML page, not an export (a sign-in or error page saved in its "
           "place?); download the export again";
  }
  return "";
}

}  // namespace retention
