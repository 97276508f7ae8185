// Order rows straight from PostgreSQL: a postgresql:// source is a byte
// source whose bytes are the CSV that `COPY (SELECT ...) TO STDOUT WITH
// (FORMAT csv, HEADER)` streams, so the CSV loader reads it like a file.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "input/byte_source.h"

namespace retention {

/// True for "postgresql://..." and "postgres://...".
bool IsPostgresUri(std::string_view path);

/// The URI without its password (user:secret@ and ?password=secret are
/// removed). The password is kept in this process for OpenPostgres of the
/// returned URI, so every name the program shows (messages, titles,
/// recorded inputs) is the URI without it.
std::string HidePostgresPassword(const std::string& uri);

/// `SELECT * FROM "schema"."table"` for --table, each dotted part quoted.
std::string SelectAllFrom(const std::string& table);

/// Connects to `uri` (libpq: the standard PG* environment variables and
/// ~/.pgpass apply) and starts `COPY (select) TO STDOUT WITH (FORMAT csv,
/// HEADER)`. Throws DataError with one line naming the URI (never its
/// password) when the server cannot be reached, refuses the credentials or
/// the query fails (a missing table or column).
std::unique_ptr<ByteSource> OpenPostgres(const std::string& uri, const std::string& select);

}  // namespace retention
