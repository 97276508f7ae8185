// --help text wrapped to the terminal: option and command descriptions
// flow in a column beside their names instead of running off the screen.
#pragma once

#include <CLI/CLI.hpp>
#include <cstddef>
#include <string>

namespace retention {

/// Columns of the terminal on stdout; 80 when stdout is not a terminal.
size_t TerminalWidth();

/// `text` broken at spaces into lines of at most `width` characters (a
/// longer word gets a line of its own); existing line breaks are kept.
std::string WrapText(const std::string& text, size_t width);

/// CLI11's formatter, with descriptions wrapped to `width` columns.
class WrappingFormatter : public CLI::Formatter {
 public:
  explicit WrappingFormatter(size_t width) : width_(width) {}

  std::string make_option(const CLI::Option* opt, bool is_positional) const override;
  std::string make_subcommand(const CLI::App* sub) const override;
  std::string make_footer(const CLI::App* app) const override;
  std::string make_description(const CLI::App* app) const override;

 private:
  // "  NAME   description...", the description wrapped beside the name.
  std::string Entry(const std::string& name, const std::string& description) const;

  size_t width_;
};

}  // namespace retention
