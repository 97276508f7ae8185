// `retention help [COMMAND]`: the same text as --help, for people who type
// the word (as with git help).
#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/output_flags.h"
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
  // A command's own commands are named with it: "sql report".
  const std::string path = app->get_parent() != nullptr ? app->get_name() + " " : "";
  std::string message = "unknown command '" + path + word + "'";
  std::string closest = ClosestName(word, CommandNames(app));
  if (!closest.empty()) return message + "; did you mean '" + path + closest + "'?";
  std::string list;
  for (const std::string& name : CommandNames(app)) list += (list.empty() ? "" : ", ") + name;
  return message + "; the commands" + (path.empty() ? "" : " of " + app->get_name()) + " are " +
         list;
}

Command AddHelpCommand(CLI::App* parent) {
  auto topic = std::make_shared<std::vector<std::string>>();
  CLI::App* help = parent->add_subcommand("help", "Show the help of retention or of a command.");
  help->add_option("COMMAND", *topic,
                   "The command to explain (report, cohorts, validate, clv, diff, sql, render; "
                   "sql report, sql cohorts)");
  return Command{help, [parent, topic] {
                   // The usage line reads as `retention report --help` prints it:
                   // the program and every command word. (App::help would show
                   // the help of `help`, the subcommand this run selected.)
                   const CLI::App* app = parent;
                   std::string path = parent->get_name(), words;
                   for (const std::string& word : *topic) {
                     const CLI::App* found = nullptr;
                     for (const std::string& name : CommandNames(app)) {
                       if (name == word) found = app->get_subcommand(name);
                     }
                     if (found == nullptr && CommandNames(app).empty()) {
                       throw UsageError("'" + word + "':" + words +
                                        " has no commands; run 'retention help" + words + "'");
                     }
                     if (found == nullptr) throw UsageError(UnknownCommandMessage(app, word));
                     app = found;
                     path += " " + app->get_name();
                     words += " " + app->get_name();
                   }
                   WriteOutput(
                       "", app->get_formatter()->make_help(app, path, CLI::AppFormatMode::Normal));
                   return kExitOk;
                 }};
}

}  // namespace retention
