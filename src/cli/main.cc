// The retention command line: each command registers its flags (one file
// per command, *_command.cc); main parses, dispatches, and is the only
// place that turns errors into exit codes: 0 ok, 1 data problem or failed
// check, 2 usage error.
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <functional>
#include <iostream>
#include <memory>
#include <new>
#include <string>
#include <system_error>
#include <vector>

#include "cli/command.h"
#include "cli/generate.h"
#include "cli/help_format.h"
#include "cli/notices.h"
#include "cli/output_flags.h"
#include "cli/suggest.h"
#include "retention/error.h"

namespace retention {
namespace {

// The names of `app`'s options, "--period" and "-o" style, for suggestions.
std::vector<std::string> OptionNames(const CLI::App* app) {
  std::vector<std::string> names;
  for (const CLI::Option* option : app->get_options()) {
    for (const std::string& name : option->get_lnames()) names.push_back("--" + name);
    for (const std::string& name : option->get_snames()) names.push_back("-" + name);
  }
  return names;
}

// The command of `parent` with the flag `arg`: the one named in
// argv[from..argc) if it has it, else the first that has it; null if none.
const CLI::App* CommandWithFlag(const CLI::App& parent, const std::string& arg, int from, int argc,
                                char** argv) {
  const CLI::App* owner = nullptr;
  for (const CLI::App* command : parent.get_subcommands([](const CLI::App*) { return true; })) {
    const std::vector<std::string> names = OptionNames(command);
    if (std::find(names.begin(), names.end(), arg) == names.end()) continue;
    if (owner == nullptr) owner = command;
    for (int j = from; j < argc; ++j) {
      if (command->get_name() == argv[j]) owner = command;
    }
  }
  return owner;
}

// "-q", "-Q": a single letter after one dash (not "-5", a value).
bool IsShortFlag(const std::string& arg) {
  return arg.size() == 2 && arg[0] == '-' && std::isalpha(static_cast<unsigned char>(arg[1]));
}

// For a short flag nobody knows: the one of the other case ("-Q" for
// "-q"), else "".
std::string ClosestShort(const std::string& flag, const std::vector<std::string>& known) {
  const char c = flag[1];
  const char other = static_cast<char>(std::islower(static_cast<unsigned char>(c))
                                           ? std::toupper(static_cast<unsigned char>(c))
                                           : std::tolower(static_cast<unsigned char>(c)));
  const std::string wanted = std::string("-") + other;
  return std::find(known.begin(), known.end(), wanted) != known.end() ? wanted : "";
}

// The command's path ("sql report"), for its help; "" for the tool's own.
std::string CommandPath(const CLI::App* app) {
  std::string path;
  for (const CLI::App* a = app; a != nullptr && a->get_parent() != nullptr; a = a->get_parent()) {
    path = a->get_name() + (path.empty() ? "" : " " + path);
  }
  return path;
}

// For an unknown flag: "unknown option --perid; did you mean --period?",
// else "" (CLI11's own message is kept).
std::string SuggestOption(const CLI::App* app, int argc, char** argv) {
  std::vector<std::string> known = OptionNames(app);
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    const bool short_flag = IsShortFlag(arg);
    if (!short_flag && (arg.size() < 3 || arg.compare(0, 2, "--") != 0)) continue;
    arg = arg.substr(0, arg.find('='));
    if (std::find(known.begin(), known.end(), arg) != known.end()) continue;
    std::string closest = short_flag ? ClosestShort(arg, known) : ClosestOption(arg, known);
    // clv fits on every order up to one day: what report's --period is to it.
    if (closest == "--calibration-end" && arg.rfind("--per", 0) == 0) {
      closest += " (clv has no periods: it fits every order up to that day)";
    }
    if (!closest.empty()) return "unknown option " + arg + "; did you mean " + closest + "?";
    const std::string path = CommandPath(app);
    return "unknown option " + arg +
           (path.empty() ? "; 'retention --help' lists the options"
                         : " for " + path + "; 'retention help " + path + "' lists its options");
  }
  return "";
}

// For a word CLI11 did not expect that is no flag: a file named like one
// (-x.csv), or a file given to a command that reads none (sql). "" when
// neither.
std::string ExplainExtra(const CLI::App* app, int argc, char** argv) {
  const std::vector<const CLI::Option*> positional =
      app->get_options([](const CLI::Option* o) { return o->get_positional(); });
  bool after_dashes = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--") after_dashes = true;
    if (!after_dashes && arg.size() > 1 && arg[0] == '-' && arg != "--" &&
        access(arg.c_str(), F_OK) == 0) {
      return arg + " is read as an option, not as the file of that name: write it ./" + arg +
             " (or give it after --, at the end of the line)";
    }
  }
  if (positional.empty() && app->get_parent() != nullptr) {
    const std::string path = CommandPath(app);
    return "'retention " + path + "' reads no files: " +
           (path.rfind("sql", 0) == 0
                ? "its query reads the table the rows are in (--table NAME, or --from-query)"
                : "'retention help " + path + "' lists what it takes");
  }
  return "";
}

// Flags before the command word are the tool's own (--help, --version);
// a command's flag there ("retention -q report") is misplaced, and a
// mistyped one ("--verison") would otherwise read as "a subcommand is
// required". "" when all are right, else the message.
std::string CheckFlagsBeforeCommand(const CLI::App& app, int argc, char** argv) {
  const std::vector<std::string> own = OptionNames(&app);
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word == "--generate") return "";  // the build's, with its own words
    if (word.empty() || word[0] != '-' || word == "-") return "";  // the command
    const std::string arg = word.substr(0, word.find('='));
    if (std::find(own.begin(), own.end(), arg) != own.end()) continue;
    const CLI::App* owner = CommandWithFlag(app, arg, i + 1, argc, argv);
    if (owner != nullptr) {
      return arg + " is an option of " + owner->get_name() +
             ": it goes after the command, as in 'retention " + owner->get_name() + " " + word +
             " ...'";
    }
    const std::string closest = IsShortFlag(arg) ? ClosestShort(arg, own) : ClosestOption(arg, own);
    if (!closest.empty()) return "unknown option " + arg + "; did you mean " + closest + "?";
    return "unknown option " + arg +
           "; a command comes first (retention COMMAND [OPTIONS] [FILE...]), and "
           "'retention --help' lists the commands";
  }
  return "";
}

// "retention sql --period 2024-03 report": a flag of `sql report` before
// `report`, which CLI11 calls two unexpected arguments. "" when the words
// from argv[first] on are `command`'s own flags or name no flag of its
// commands, else the message.
std::string FlagBeforeInnerCommand(const CLI::App& command, int first, int argc, char** argv) {
  const std::vector<std::string> own = OptionNames(&command);
  for (int i = first; i < argc && argv[i][0] == '-'; ++i) {
    const std::string word = argv[i];
    const std::string arg = word.substr(0, word.find('='));
    if (std::find(own.begin(), own.end(), arg) != own.end()) continue;
    const CLI::App* owner = CommandWithFlag(command, arg, i + 1, argc, argv);
    if (owner == nullptr) return "";
    const std::string name = command.get_name() + " " + owner->get_name();
    return arg + " is an option of " + name + ": it goes after '" + owner->get_name() +
           "', as in 'retention " + name + " " + word + " ...'";
  }
  return "";
}

// The first word that is not a flag must be a command; say which one was
// meant before CLI11 reports "unexpected argument".
std::string CheckCommandWord(const CLI::App& app, int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--generate") {
      ++i;
      continue;
    }
    if (!arg.empty() && arg[0] == '-') continue;
    std::vector<std::string> names = CommandNames(&app);
    if (std::find(names.begin(), names.end(), arg) == names.end()) {
      return UnknownCommandMessage(&app, arg);
    }
    // A command of commands (sql report, sql cohorts): its word too.
    const CLI::App* command = app.get_subcommand(arg);
    const std::vector<std::string> inner = CommandNames(command);
    if (inner.empty() || i + 1 >= argc) return "";
    if (argv[i + 1][0] == '-') return FlagBeforeInnerCommand(*command, i + 1, argc, argv);
    const std::string word = argv[i + 1];
    if (std::find(inner.begin(), inner.end(), word) != inner.end()) return "";
    return UnknownCommandMessage(command, word);
  }
  return "";
}

// "--period ''" or "-o $OUT" with OUT unset: an empty value would read as
// the flag left out (every month, JSON on stdout) and exit 0. A value the
// flag needs is never empty, so say so before anything runs. "" when all
// are given values, else the message.
std::string EmptyFlagValue(const CLI::App& app) {
  for (const CLI::Option* option : app.get_options()) {
    if (option->get_expected_min() == 0) continue;
    for (const std::string& value : option->results()) {
      if (value.empty() && option->get_positional()) {
        // `report "$FILE"` with FILE unset: no file can be opened by it.
        const bool path = option->get_name() != "COMMAND";  // help's topic is no path
        return "a " + option->get_name() + " argument is empty (an unset shell variable?)" +
               (path ? "; give a path, or - for stdin" : "");
      }
      if (value.empty()) {
        return option->get_name() + " needs a value, not an empty one (an unset shell variable?)";
      }
    }
  }
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App* a) { return a->parsed(); })) {
    std::string message = EmptyFlagValue(*sub);
    if (!message.empty()) return message;
  }
  return "";
}

// The type CLI11 names an option `name` ("--margin") of `app` or of a
// command under it by (the first found: flags of one name have one type):
// "FLOAT", "INT", "BOOLEAN", ...; "" if none has it.
std::string OptionTypeName(const CLI::App& app, const std::string& name) {
  for (const CLI::Option* option : app.get_options()) {
    if (option->check_name(name)) {
      const std::string type = option->get_type_name();  // "FLOAT:a validator's words"
      return type.substr(0, type.find(':'));
    }
  }
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    std::string type = OptionTypeName(*sub, name);
    if (!type.empty()) return type;
  }
  return "";
}

// What the option `name` takes, for a message: "a number", "a whole
// number"; null for an option of another kind. CLI11's type names, and ours
// for fractions (30% or 0.3) and counts.
const char* Takes(const CLI::App& app, const std::string& name) {
  const std::string kind = OptionTypeName(app, name);
  return kind == "FLOAT" || kind == "FRACTION"            ? "a number"
         : kind == "INT" || kind == "UINT" || kind == "N" ? "a whole number"
                                                          : nullptr;
}

// CLI11 prints --help, --version and its own errors; a help or version
// that could not be written (stdout on a full disk) is a failure, not 0.
int ExitAsCli11Does(const CLI::App& app, const CLI::Error& e) {
  errno = 0;  // the help may fail to be written inside exit()
  if (app.exit(e) != 0) return kExitUsage;
  std::cout.flush();
  if (std::cout) return kExitOk;
  std::fprintf(stderr, "(standard output): error: cannot write the output: %s\n",
               std::strerror(errno != 0 ? errno : EIO));
  return kExitData;
}

constexpr const char* kHelpHint = "Run 'retention --help' or 'retention COMMAND --help' for usage.";

// Runs `body`; the library's errors become one message on stderr and their
// exit code. Messages quote the input and the command line: escaped once
// more here, so no control byte reaches the terminal whatever the source.
// CLI11 reads a number as C does: 010 as eight, 0x10 as sixteen. On this
// command line every number is decimal: leading zeros are dropped, and a
// number in another base is refused.
void ReadNumbersAsDecimal(CLI::App* app) {
  const CLI::Validator decimal(
      [](std::string& value) -> std::string {
        const size_t digits = value.find_first_not_of("+-");
        if (digits == std::string::npos) return "";
        if (digits + 1 < value.size() && value[digits] == '0' &&
            std::strchr("xXbBoO", value[digits + 1]) != nullptr) {
          return "\"" + EscapeControls(value) +
                 "\" is no decimal number; write it in the digits 0 to 9";
        }
        const size_t first = value.find_first_not_of('0', digits);
        const bool integer = value.find_first_not_of("0123456789", digits) == std::string::npos;
        if (integer && first != digits) {
          value.erase(digits, (first == std::string::npos ? value.size() - 1 : first) - digits);
        }
        return "";
      },
      "");
  for (CLI::Option* option : app->get_options()) {
    const std::string type = option->get_type_name();
    for (const char* number : {"INT", "N:INT", "FLOAT", "FRACTION"}) {
      if (type.rfind(number, 0) == 0) {
        option->transform(decimal);
        break;
      }
    }
  }
  for (CLI::App* command : app->get_subcommands([](CLI::App*) { return true; })) {
    ReadNumbersAsDecimal(command);
  }
}

int WithErrorsReported(const std::function<int()>& body) {
  try {
    return body();
  } catch (const UsageError& e) {
    PrintError(fmt::format("retention: {}\n", EscapeControls(e.what())));
    return kExitUsage;
  } catch (const DataError& e) {
    // One of the whole input names no file and line: said as the tool's.
    const bool located = e.where().file.size() > 0 || e.where().line > 0;
    PrintError(fmt::format("{}{}\n", located ? "" : "retention: ", EscapeControls(e.what())));
    return kExitData;
  } catch (const std::bad_alloc&) {
    PrintError("retention: out of memory\n");
    return kExitData;
  } catch (const std::system_error& e) {
    // fmt::print's failed write: said without fmt, which could fail again.
    std::fprintf(stderr, "retention: %s\n", EscapeControls(e.what()).c_str());
    return kExitData;
  }
}

int Main(int argc, char** argv) {
  CLI::App app{"retention: churn, retention, repeat rate, AOV and CLV from order data."};
  // Before the commands are added: they copy the formatter.
  app.formatter(std::make_shared<WrappingFormatter>(TerminalWidth()));
  // Usage lines name the tool, not the path it was run by (../build/retention).
  app.name("retention");
  app.set_version_flag("-V,--version", std::string("retention ") + RETENTION_VERSION);
  app.require_subcommand(1);
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    // A value CLI11 quotes comes from the command line: no raw ESC. Its
    // sentences start with a capital ("The following argument was not
    // expected"); the tool's messages go on in lower case after the name.
    std::string what = EscapeControls(e.what());
    if (what.size() > 1 && std::isupper(static_cast<unsigned char>(what[0])) &&
        std::islower(static_cast<unsigned char>(what[1]))) {
      what[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(what[0])));
    }
    return "retention: " + what + "\n" + kHelpHint + "\n";
  });
  app.footer(
      "Run 'retention help COMMAND' (report, cohorts, validate, clv, diff, sql, render) for their "
      "options.\n" +
      std::string(kExitCodesHelp));

  std::vector<Command> commands = {AddReportCommand(&app),   AddCohortsCommand(&app),
                                   AddValidateCommand(&app), AddClvCommand(&app),
                                   AddDiffCommand(&app),     AddSqlCommand(&app),
                                   AddRenderCommand(&app),   AddHelpCommand(&app)};
  ReadNumbersAsDecimal(&app);

  // Hidden: the build writes the man page and completions with it.
  if (argc >= 3 && argc <= 4 && std::string(argv[1]) == "--generate") {
    return WithErrorsReported([&] {
      WriteOutput(argc == 4 ? argv[3] : "", GenerateDocs(app, argv[2]));
      return kExitOk;
    });
  }
  if (argc == 1) {
    PrintError(fmt::format(
        "retention: give a command: report, cohorts, validate, clv, diff, sql or render, as in "
        "'retention report orders.csv --period last-month'\n{}\n",
        kHelpHint));
    return kExitUsage;
  }
  std::string wrong_command = CheckFlagsBeforeCommand(app, argc, argv);
  if (wrong_command.empty()) wrong_command = CheckCommandWord(app, argc, argv);
  if (!wrong_command.empty()) {
    PrintError(fmt::format("retention: {}\n{}\n", EscapeControls(wrong_command), kHelpHint));
    return kExitUsage;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ExtrasError& e) {
    const CLI::App* where = &app;
    for (const Command& command : commands) {
      if (command.app->parsed()) where = command.app;
    }
    // The deepest command parsed: `sql report`'s flags are report's.
    for (bool deeper = true; deeper;) {
      deeper = false;
      for (const CLI::App* sub :
           where->get_subcommands([](const CLI::App* a) { return a->parsed(); })) {
        where = sub;
        deeper = true;
        break;
      }
    }
    std::string suggestion = SuggestOption(where, argc, argv);
    if (suggestion.empty()) suggestion = ExplainExtra(where, argc, argv);
    if (suggestion.empty()) return ExitAsCli11Does(app, e);
    PrintError(fmt::format("retention: {}\n{}\n", EscapeControls(suggestion), kHelpHint));
    return kExitUsage;
  } catch (const CLI::ConversionError& e) {
    // CLI11 says "Could not convert: --margin = abc".
    const std::string what = e.what();
    const std::string lead = "Could not convert: ";
    const size_t equals = what.find(" = ");
    if (what.rfind(lead, 0) != 0 || equals == std::string::npos) {
      return ExitAsCli11Does(app, e);
    }
    const std::string name = what.substr(lead.size(), equals - lead.size());
    const char* takes = Takes(app, name);
    if (takes == nullptr) return ExitAsCli11Does(app, e);
    PrintError(fmt::format("retention: {} takes {}; got \"{}\"\n{}\n", EscapeControls(name), takes,
                           EscapeControls(what.substr(equals + 3)), kHelpHint));
    return kExitUsage;
  } catch (const CLI::ArgumentMismatch& e) {
    // CLI11 says "--period: At Most 1 required but received 2" for a flag
    // given twice.
    const std::string what = e.what();
    // "-o" last on the line: "--output: 1 required TEXT missing".
    const size_t missing = what.find(": 1 required ");
    if (missing != std::string::npos && what.size() > 8 &&
        what.compare(what.size() - 8, 8, " missing") == 0) {
      PrintError(fmt::format("retention: {} needs a value after it\n{}\n",
                             EscapeControls(what.substr(0, missing)), kHelpHint));
      return kExitUsage;
    }
    const size_t colon = what.find(": At Most 1 required but received ");
    if (colon == std::string::npos) return ExitAsCli11Does(app, e);
    PrintError(
        fmt::format("retention: {} is given {} times and takes one value; give it once\n{}\n",
                    EscapeControls(what.substr(0, colon)),
                    EscapeControls(what.substr(what.rfind(' ') + 1)), kHelpHint));
    return kExitUsage;
  } catch (const CLI::ValidationError& e) {
    // CLI11's range check says "--top: Value abc not in range 0 to 1000000"
    // for a word too: say what the flag takes.
    const std::string what = e.what();
    const std::string value = ": Value ", range = " not in range ";
    // The value may hold anything: the bounds are after its last " not in range ".
    const size_t colon = what.find(value), in = what.rfind(range);
    if (colon == std::string::npos || in == std::string::npos || in < colon) {
      return ExitAsCli11Does(app, e);
    }
    const std::string name = what.substr(0, colon);
    const char* takes = Takes(app, name);
    if (takes == nullptr) return ExitAsCli11Does(app, e);
    PrintError(fmt::format(
        "retention: {} takes {} from {}; got \"{}\"\n{}\n", EscapeControls(name), takes,
        EscapeControls(what.substr(in + range.size())),
        EscapeControls(what.substr(colon + value.size(), in - colon - value.size())), kHelpHint));
    return kExitUsage;
  } catch (const CLI::ParseError& e) {
    return ExitAsCli11Does(app, e);
  }
  const std::string empty_value = EmptyFlagValue(app);
  if (!empty_value.empty()) {
    PrintError(fmt::format("retention: {}\n{}\n", empty_value, kHelpHint));
    return kExitUsage;
  }
  return WithErrorsReported([&] {
    for (const Command& command : commands) {
      if (command.app->parsed()) return command.run();
    }
    return kExitUsage;
  });
}

}  // namespace
}  // namespace retention

int main(int argc, char** argv) {
  // A file-size limit must fail the write (and remove the temporary file),
  // not kill the process and leave a partial file behind.
  std::signal(SIGXFSZ, SIG_IGN);
  // Run with stdin, stdout or stderr closed (2>&-), the next file opened
  // would take its number: an output file would get the messages meant
  // for stderr. /dev/null holds the place instead.
  // Opened the wrong way round, so reading stdin or writing stdout still
  // fails as it would have (nothing is read, or written, in silence).
  for (int fd = 0; fd <= 2; ++fd) {
    if (fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
      const int null = open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY);
      if (null >= 0 && null != fd) close(null);
    }
  }
  return retention::Main(argc, argv);
}
