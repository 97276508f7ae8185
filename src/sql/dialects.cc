// The public names of the dialects.
#include "retention/sql.h"
#include "sql/dialect.h"

namespace retention {

std::string_view SqlDialectName(SqlDialect dialect) { return sql::DialectFor(dialect).name; }

std::vector<SqlDialect> AllSqlDialects() {
  return {SqlDialect::kPostgres,  SqlDialect::kDuckDb, SqlDialect::kSqlite, SqlDialect::kBigQuery,
          SqlDialect::kSnowflake, SqlDialect::kSpark,  SqlDialect::kTrino,  SqlDialect::kRedshift};
}

std::optional<SqlDialect> ParseSqlDialect(std::string_view name) {
  if (name == "postgresql") return SqlDialect::kPostgres;
  if (name == "sparksql") return SqlDialect::kSpark;
  for (SqlDialect d : AllSqlDialects()) {
    if (SqlDialectName(d) == name) return d;
  }
  return std::nullopt;
}

}  // namespace retention
