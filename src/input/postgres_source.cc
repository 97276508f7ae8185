// A postgresql:// source: libpq's COPY ... TO STDOUT stream as bytes.
#include "input/postgres_source.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

#include "retention/error.h"

namespace retention {
namespace {

// Passwords taken out of URIs, by the URI without them. A process reads
// few sources, and the passwords must outlive the flag parsing that found
// them.
std::map<std::string, std::string>& Passwords() {
  static std::map<std::string, std::string> passwords;
  return passwords;
}
std::mutex passwords_mutex;

std::string PercentDecode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    auto hex = [](char c) {
      return c >= '0' && c <= '9'   ? c - '0'
             : c >= 'a' && c <= 'f' ? c - 'a' + 10
             : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                    : -1;
    };
    if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// libpq's messages span lines ("connection ... failed: ...\n\tIs the server
// running ...?"): one line, and never the password, whatever libpq says.
std::string OneLine(std::string text, const std::string& password) {
  if (!password.empty()) {
    for (size_t at; (at = text.find(password)) != std::string::npos;) {
      text.replace(at, password.size(), "***");
    }
  }
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

class PostgresSource : public ByteSource {
 public:
  PostgresSource(std::string uri, PGconn* conn, std::string password)
      : ByteSource(std::move(uri)), conn_(conn), password_(std::move(password)) {}
  ~PostgresSource() override {
    if (row_) PQfreemem(row_);
    PQfinish(conn_);
  }

  size_t Read(char* buffer, size_t size) override {
    size_t given = 0;
    while (given < size) {
      if (row_ && at_ < row_size_) {
        size_t n = std::min(size - given, row_size_ - at_);
        std::memcpy(buffer + given, row_ + at_, n);
        at_ += n;
        given += n;
        continue;
      }
      if (done_) break;
      if (row_) PQfreemem(row_);
      row_ = nullptr;
      at_ = 0;
      int n = PQgetCopyData(conn_, &row_, 0);
      if (n >= 0) {
        row_size_ = static_cast<size_t>(n);
        continue;
      }
      done_ = true;
      if (n == -2) Fail(PQerrorMessage(conn_));
      // -1: the COPY is over; its result says whether it ended well.
      PGresult* result = PQgetResult(conn_);
      std::string error;
      if (result && PQresultStatus(result) != PGRES_COMMAND_OK) {
        error = PQresultErrorMessage(result);
      }
      PQclear(result);
      while ((result = PQgetResult(conn_)) != nullptr) PQclear(result);
      if (!error.empty()) Fail(error);
    }
    return given;
  }

 private:
  [[noreturn]] void Fail(const std::string& message) {
    throw DataError(Location{name(), 0, 0}, "reading rows failed: " + OneLine(message, password_));
  }

  PGconn* conn_;
  std::string password_;
  char* row_ = nullptr;
  size_t row_size_ = 0;
  size_t at_ = 0;
  bool done_ = false;
};

}  // namespace

bool IsPostgresUri(std::string_view path) {
  return path.rfind("postgresql://", 0) == 0 || path.rfind("postgres://", 0) == 0;
}

std::string HidePostgresPassword(const std::string& uri) {
  if (!IsPostgresUri(uri)) return uri;
  const size_t authority = uri.find("://") + 3;
  size_t end = uri.find_first_of("/?", authority);
  if (end == std::string::npos) end = uri.size();
  std::string out = uri;
  std::string password;
  // user:password@host — the password runs from the first ':' of the user
  // part to its last '@'.
  const size_t at = uri.rfind('@', end == 0 ? 0 : end - 1);
  if (at != std::string::npos && at >= authority) {
    const size_t colon = uri.find(':', authority);
    if (colon < at) {
      password = PercentDecode(std::string_view(uri).substr(colon + 1, at - colon - 1));
      out = uri.substr(0, colon) + uri.substr(at);
    }
  }
  // ?password=secret&... among the parameters.
  const size_t query = out.find('?');
  if (query != std::string::npos) {
    std::string kept;
    size_t from = query + 1;
    while (from <= out.size()) {
      size_t amp = out.find('&', from);
      if (amp == std::string::npos) amp = out.size();
      std::string param = out.substr(from, amp - from);
      if (param.rfind("password=", 0) == 0) {
        password = PercentDecode(std::string_view(param).substr(9));
      } else if (!param.empty()) {
        kept += (kept.empty() ? "" : "&") + param;
      }
      from = amp + 1;
    }
    out = out.substr(0, query) + (kept.empty() ? "" : "?" + kept);
  }
  if (!password.empty()) {
    std::lock_guard<std::mutex> lock(passwords_mutex);
    Passwords()[out] = password;
  }
  return out;
}

std::string SelectAllFrom(const std::string& table) {
  std::string out = "SELECT * FROM ";
  size_t from = 0;
  while (true) {
    size_t dot = table.find('.', from);
    std::string part =
        table.substr(from, dot == std::string::npos ? std::string::npos : dot - from);
    out += '"';
    for (char c : part) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    out += '"';
    if (dot == std::string::npos) break;
    out += '.';
    from = dot + 1;
  }
  return out;
}

std::unique_ptr<ByteSource> OpenPostgres(const std::string& uri, const std::string& select) {
  const Location where{uri, 0, 0};
  if (select.empty()) {
    throw UsageError("a database source needs --table NAME or --query 'SELECT ...'");
  }
  std::string password;
  {
    std::lock_guard<std::mutex> lock(passwords_mutex);
    auto it = Passwords().find(uri);
    if (it != Passwords().end()) password = it->second;
  }
  // The URI as dbname is expanded by libpq (host, user, parameters); the
  // password goes beside it, never through a string that could be shown.
  std::vector<const char*> keys = {"dbname", "fallback_application_name"};
  std::vector<const char*> values = {uri.c_str(), "retention"};
  if (!password.empty()) {
    keys.push_back("password");
    values.push_back(password.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  PGconn* conn = PQconnectdbParams(keys.data(), values.data(), 1);
  if (conn == nullptr) throw DataError(where, "cannot connect: out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = OneLine(PQerrorMessage(conn), password);
    PQfinish(conn);
    throw DataError(where, "cannot connect: " + message);
  }
  // Dates as ISO 8601, whatever the server's default, so the loader reads
  // them as it reads a file's.
  PGresult* set = PQexec(conn, "SET DateStyle = ISO");
  PQclear(set);
  const std::string copy = "COPY (" + select + ") TO STDOUT WITH (FORMAT csv, HEADER)";
  PGresult* result = PQexec(conn, copy.c_str());
  if (PQresultStatus(result) != PGRES_COPY_OUT) {
    const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
    std::string message = OneLine(primary ? primary : PQerrorMessage(conn), password);
    PQclear(result);
    PQfinish(conn);
    throw DataError(where, "the query failed: " + message);
  }
  PQclear(result);
  return std::make_unique<PostgresSource>(uri, conn, password);
}

}  // namespace retention
