#include "cli/help_format.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>

namespace retention {

size_t TerminalWidth() {
  winsize size{};
  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
    return size.ws_col;
  }
  return 80;
}

std::string WrapText(const std::string& text, size_t width) {
  std::string out;
  size_t line_start = 0;  // in `out`
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find_first_of(" \n", pos);
    if (end == std::string::npos) end = text.size();
    std::string word = text.substr(pos, end - pos);
    size_t line_length = out.size() - line_start;
    if (line_length > 0 && line_length + 1 + word.size() > width) {
      out += '\n';
      line_start = out.size();
    } else if (line_length > 0) {
      out += ' ';
    }
    out += word;
    if (end < text.size() && text[end] == '\n') {
      out += '\n';
      line_start = out.size();
    }
    pos = end + 1;
  }
  return out;
}

std::string WrappingFormatter::Entry(const std::string& name,
                                     const std::string& description) const {
  std::string left = "  " + name;
  std::string out = left;
  if (description.empty()) return out + "\n";
  // A terminal too narrow for a description column beside the names: the
  // description goes below its name, a little indented.
  if (width_ < column_width_ + 30) {
    constexpr size_t kIndent = 6;
    const std::string indent(kIndent, ' ');
    out += "\n" + indent;
    for (char c : WrapText(description, std::max<size_t>(width_, kIndent + 20) - kIndent)) {
      out += c;
      if (c == '\n') out += indent;
    }
    return out + "\n";
  }
  const size_t text_width = width_ - column_width_;
  if (left.size() >= column_width_) {
    out += '\n';
    out += std::string(column_width_, ' ');
  } else {
    out += std::string(column_width_ - left.size(), ' ');
  }
  for (char c : WrapText(description, text_width)) {
    out += c;
    if (c == '\n') out += std::string(column_width_, ' ');
  }
  return out + "\n";
}

std::string WrappingFormatter::make_option(const CLI::Option* opt, bool is_positional) const {
  return Entry(make_option_name(opt, is_positional) + make_option_opts(opt), make_option_desc(opt));
}

std::string WrappingFormatter::make_subcommand(const CLI::App* sub) const {
  return Entry(sub->get_display_name(), sub->get_description());
}

}  // namespace retention

namespace retention {

std::string WrappingFormatter::make_description(const CLI::App* app) const {
  return WrapText(CLI::Formatter::make_description(app), width_);
}

std::string WrappingFormatter::make_footer(const CLI::App* app) const {
  // Footers are laid out by hand (indented examples): only a line of prose
  // wider than the terminal is broken.
  std::string footer = app->get_footer();
  if (footer.empty()) return "";
  std::string out;
  size_t pos = 0;
  while (pos <= footer.size()) {
    size_t end = footer.find('\n', pos);
    if (end == std::string::npos) end = footer.size();
    std::string line = footer.substr(pos, end - pos);
    bool example = !line.empty() && line[0] == ' ';  // a command to copy stays whole
    out += (line.size() > width_ && !example ? WrapText(line, width_) : line) + "\n";
    pos = end + 1;
  }
  return out;
}

}  // namespace retention
