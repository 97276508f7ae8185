// Error texts: locations render the way compilers print them, so editors
// can jump to the offending cell.
#include "retention/error.h"

namespace retention {

std::string Location::ToString() const {
  std::string out = file;
  if (line <= 0) return out;
  // A line without a file still helps ("17:9"), so keep the parts known.
  if (!out.empty()) out += ':';
  out += std::to_string(line);
  if (column > 0) {
    out += ':';
    out += std::to_string(column);
  }
  return out;
}

std::string DataError::Format(const Location& where, const std::string& message) {
  std::string location = where.ToString();
  if (location.empty()) return "error: " + message;
  return location + ": error: " + message;
}

}  // namespace retention
