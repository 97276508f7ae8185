// `retention help [COMMAND]`: the same text as --help, for people who type
// the word (as with git help).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/suggest.h"
#include "retention/error.h"

namespace retention {

std::vector<std::string> CommandNames(const CLI::App* app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app->get_subcommands({})) {
    if (!sub->get_group().empty()) names.push_back(sub->get_name());
  }
  return names;
}

std::string UnknownCommandMessage(const CLI::App* app, const std::string& word) {
  std::string message = "unknown command '" + word + "'";
  std::string closest = ClosestName(word, CommandNames(app));
  if (!closest.empty()) return message + "; did you mean '" + closest + "'?";
  std::string list;
  for (const std::string& name : CommandNames(app)) list += (list.empty() ? "" : ", ") + name;
  return message + "; the commands are " + list;
}

Command AddHelpCommand(CLI::App* parent) {
  auto topic = std::make_shared<std::string>();
  CLI::App* help = parent->add_subcommand("help", "Show the help of retention or of a command.");
  help->add_option("COMMAND", *topic, "The command to explain (report, cohorts, validate)");
  return Command{help, [parent, topic] {
                   if (topic->empty()) {
                     fmt::print("{}", parent->help());
                     return kExitOk;
                   }
                   for (const std::string& name : CommandNames(parent)) {
                     if (name == *topic && name != "help") {
                       fmt::print("{}", parent->get_subcommand(name)->help());
                       return kExitOk;
                     }
                   }
                   throw UsageError(UnknownCommandMessage(parent, *topic));
                 }};
}

}  // namespace retention
