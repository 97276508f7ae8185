#include "cli/progress_line.h"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "retention/error.h"

namespace retention {
namespace {

using Clock = std::chrono::steady_clock;

// One process draws one line at a time.
struct LineState {
  bool shown = false;
  Clock::time_point start, file_start, last_draw;
  int file_number = 0;
};
LineState g_line;

// Quiet before this: most runs end sooner, and a line that flashes by is noise.
std::chrono::milliseconds FirstDrawAfter() {
  // For tests, which cannot wait for a slow file.
  if (const char* ms = std::getenv("RETENTION_PROGRESS_AFTER_MS")) {
    return std::chrono::milliseconds(std::atoi(ms));
  }
  return std::chrono::milliseconds(1000);
}

std::string Count(double n) {
  if (n >= 1e6) return fmt::format("{:.1f}M", n / 1e6);
  if (n >= 1e4) return fmt::format("{:.0f}k", n / 1e3);
  return fmt::format("{:.0f}", n);
}

std::string Duration(double seconds) {
  long s = std::lround(seconds);
  if (s < 60) return fmt::format("{} s", s);
  if (s < 3600) return fmt::format("{}:{:02} min", s / 60, s % 60);
  return fmt::format("{}:{:02} h", s / 3600, (s % 3600) / 60);
}

void Draw(const LoadProgress& p) {
  const Clock::time_point now = Clock::now();
  if (p.file_number != g_line.file_number) {
    g_line.file_number = p.file_number;
    g_line.file_start = now;
  }
  if (now - g_line.start < FirstDrawAfter()) return;
  // A few times a second (or as often as the first draw's delay, for tests).
  const auto redraw = std::min<Clock::duration>(std::chrono::milliseconds(200), FirstDrawAfter());
  if (g_line.shown && now - g_line.last_draw < redraw) return;
  g_line.last_draw = now;
  auto seconds = [&](Clock::time_point since) {
    return std::chrono::duration<double>(now - since).count();
  };
  std::string text = FormatProgress(p, seconds(g_line.start), seconds(g_line.file_start));
  // One line, whatever the width: a wrapped line could not be erased.
  winsize size{};
  const size_t width = ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 ? size.ws_col : 80;
  if (width > 1 && text.size() > width - 1) text.resize(width - 1);
  std::fprintf(stderr, "\r%s\x1b[K", text.c_str());
  std::fflush(stderr);
  g_line.shown = true;
}

}  // namespace

std::string FormatBytes(uint64_t bytes) {
  const char* units[] = {"B", "kB", "MB", "GB", "TB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1000 && unit < 4) {
    value /= 1000;
    ++unit;
  }
  if (unit == 0) return fmt::format("{} B", bytes);
  return value < 10 ? fmt::format("{:.1f} {}", value, units[unit])
                    : fmt::format("{:.0f} {}", value, units[unit]);
}

std::string FormatProgress(const LoadProgress& p, double seconds, double file_seconds) {
  std::string text = "reading " + EscapeControls(std::string(p.file));
  if (p.file_count > 1) text += fmt::format(" ({} of {})", p.file_number, p.file_count);
  text += ": ";
  if (p.bytes_total > 0) {
    const uint64_t done = std::min(p.bytes_done, p.bytes_total);
    text += fmt::format("{}% of {}", done * 100 / p.bytes_total, FormatBytes(p.bytes_total));
  } else {
    text += FormatBytes(p.bytes_done);
  }
  if (seconds > 0 && p.rows > 0)
    text += ", " + Count(static_cast<double>(p.rows) / seconds) + " rows/s";
  if (p.bytes_total > 0 && p.bytes_done > 0 && p.bytes_done < p.bytes_total && file_seconds > 0) {
    const double pace = static_cast<double>(p.bytes_done) / file_seconds;  // bytes per second
    text +=
        ", about " + Duration(static_cast<double>(p.bytes_total - p.bytes_done) / pace) + " left";
  }
  return text;
}

void ClearProgressLine() {
  if (!g_line.shown) return;
  std::fputs("\r\x1b[K", stderr);
  std::fflush(stderr);
  g_line.shown = false;
}

std::function<void(const LoadProgress&)> ProgressLineOrNone(bool quiet) {
  const char* term = std::getenv("TERM");
  if (quiet || !isatty(STDERR_FILENO) || (term != nullptr && std::strcmp(term, "dumb") == 0)) {
    return {};
  }
  g_line = LineState();
  g_line.start = Clock::now();
  return [](const LoadProgress& p) {
    if (p.finished) {
      ClearProgressLine();
    } else {
      Draw(p);
    }
  };
}

}  // namespace retention
