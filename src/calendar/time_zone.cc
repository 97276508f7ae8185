// The reporting time zone: UTC, a fixed offset, or an IANA zone name read
// from the system's tz database.
#include "retention/dates.h"

// The Debian build of the date library reads the system tz database; the
// time_zone layout depends on this, so match it even without CMake's flags.
#ifndef USE_OS_TZDB
#define USE_OS_TZDB 1
#endif
#ifndef HAS_STRING_VIEW
#define HAS_STRING_VIEW 1
#endif
#ifndef ONLY_C_LOCALE
#define ONLY_C_LOCALE 1
#endif
#include <date/tz.h>

#include <chrono>
#include <exception>

#include "base/text.h"
#include "calendar/date_text.h"
#include "retention/error.h"

namespace retention {

using calendar::ParseOffsetText;

TimeZone TimeZone::Parse(std::string_view name) {
  TimeZone zone;
  zone.name_ = std::string(name);
  if (EqualsIgnoreCase(name, "UTC") || EqualsIgnoreCase(name, "Z") ||
      EqualsIgnoreCase(name, "GMT")) {
    return zone;
  }
  if (auto offset = ParseOffsetText(name)) {
    zone.fixed_offset_ = *offset;
    return zone;
  }
  auto unknown = [&] {
    return UsageError("unknown time zone \"" + std::string(name) +
                      "\"; use UTC, an offset like +02:00, or a name like Europe/Berlin");
  };
  // Only names shaped like tz database entries reach the library, so odd
  // text ("../x", "") never becomes a file lookup.
  if (name.empty() || name.front() == '/' || name.find("..") != std::string_view::npos) {
    throw unknown();
  }
  for (char ch : name) {
    bool ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || IsDigit(ch) || ch == '/' ||
              ch == '_' || ch == '-' || ch == '+';
    if (!ok) throw unknown();
  }
  try {
    zone.zone_ = date::locate_zone(std::string(name));
  } catch (const std::exception&) {
    throw unknown();
  }
  if (zone.zone_ == nullptr) throw unknown();
  return zone;
}

bool TimeZone::IsUtcName(std::string_view name) {
  // The tz database's zones and links that are UTC, offset 0 forever.
  static constexpr std::string_view kNames[] = {
      "UTC",           "Z",         "GMT",       "Zulu",      "UCT",
      "Universal",     "Greenwich", "GMT0",      "GMT+0",     "GMT-0",
      "Etc/UTC",       "Etc/Zulu",  "Etc/UCT",   "Etc/GMT",   "Etc/Universal",
      "Etc/Greenwich", "Etc/GMT0",  "Etc/GMT+0", "Etc/GMT-0",
  };
  for (std::string_view utc : kNames) {
    if (EqualsIgnoreCase(name, utc)) return true;
  }
  auto offset = ParseOffsetText(name);
  return offset && *offset == 0;
}

bool TimeZone::SameZoneName(std::string_view a, std::string_view b) {
  return a == b || (IsUtcName(a) && IsUtcName(b));
}

TimeZone TimeZone::System() {
  try {
    const date::time_zone* zone = date::current_zone();
    if (zone != nullptr) {
      TimeZone out;
      out.name_ = zone->name();
      out.zone_ = zone;
      return out;
    }
  } catch (const std::exception&) {
  }
  // No /etc/localtime: the C library takes the time as UTC then too.
  return TimeZone();
}

Time TimeZone::FromUtc(int64_t utc_seconds) const {
  if (zone_ == nullptr) return utc_seconds + fixed_offset_;
  auto info = zone_->get_info(date::sys_seconds{std::chrono::seconds{utc_seconds}});
  return utc_seconds + std::chrono::duration_cast<std::chrono::seconds>(info.offset).count();
}

}  // namespace retention
