// Finding the customer, order, date and amount columns among a file's
// header names.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "retention/load.h"

namespace retention {

struct ExportLayout;

/// The most row rules (ExportLayout::left_out) a layout has.
constexpr size_t kLayoutRules = 4;

/// Where each role sits in a record; -1 when absent.
struct ColumnIndices {
  int customer = -1;
  int order = -1;
  int date = -1;
  int amount = -1;
  int quantity = -1;
  int price = -1;
  int currency = -1;
  int segment = -1;
  /// The segment column (--by) is the currency column, which then is not
  /// checked for mixed currencies: every segment is one currency.
  bool split_by_currency = false;
  /// The known export the file was recognized as (export_layouts.h), with
  /// the columns of its rules; nullptr and -1 for other files.
  const ExportLayout* layout = nullptr;
  int left_out[kLayoutRules] = {-1, -1, -1, -1};
  int refunded = -1;
  int credit = -1;
  int customer_fallback = -1;
  /// An unnamed column right after the amount (or price) column of a
  /// comma-separated file: where the cents of an unquoted decimal-comma
  /// amount land ("12,50" read as 12 and 50); -1 for other files.
  int amount_spill = -1;
  /// The amount column found first when it says tax is in it ("total",
  /// "Bruttobetrag", "Montant TTC") and a column beside it says tax is not
  /// ("net_amount", "Nettobetrag", "Montant HT"), which is read instead:
  /// revenue is before tax whichever order the columns come in. -1 when
  /// the amount column was named (--amount-col, a known export) or no
  /// such pair is there.
  int gross_amount = -1;
  /// Amount is quantity x price.
  bool multiply() const { return amount < 0 && quantity >= 0 && price >= 0; }
};

/// A column of `header` named like an order's status or refund ("Status",
/// "Financial Status", "Amount Refunded") that `columns` do not read: a
/// plain file's rows count as sales whatever it says, so the loaders say
/// so (a void invoice would count at its total). Empty when there is none.
std::string UnreadStatusColumn(const std::vector<std::string>& header,
                               const ColumnIndices& columns);

/// A header name SQL Server wrote in brackets ("[CustomerID]") without
/// them; any other name as it is.
std::string_view UnbracketedName(std::string_view name);

/// The note saying `column` of `file` is not read (UnreadStatusColumn).
std::string UnreadStatusNote(const std::string& file, const std::string& column);

/// Whether --order-col says "none": every row is its own order, whatever
/// the header has (as in the SQL that `retention sql` writes).
inline bool NoOrderColumn(const ColumnMapping& mapping) { return mapping.order == "none"; }

/// Matches `mapping` against `header` (column names, or empty when the file
/// has none and columns are mapped by number). Throws DataError at
/// `file`:1 naming what is missing, what the header holds and which flag
/// maps it.
ColumnIndices ResolveColumns(const std::vector<std::string>& header, size_t column_count,
                             const ColumnMapping& mapping, const std::string& file);

/// The same for the keys of one JSON object, where any key may be absent:
/// roles not found are -1, and nothing throws.
ColumnIndices MatchKeys(const std::vector<std::string>& keys, const ColumnMapping& mapping);

/// Two columns (or keys) the mapping cannot tell apart: a mapped one and a
/// later one of the same name.
struct RepeatedColumn {
  int mapped = -1;  // -1: none
  int other = -1;
  const char* role = "";  // "customer id", as said in messages
  const char* flag = "";  // "--customer-col"
};

/// The first mapped column of `columns` whose name appears again in
/// `names`. Names compare as the mapping matched them: exactly when the
/// flag named the column exactly, else ignoring case and punctuation.
/// Columns mapped by number and columns not mapped may repeat.
RepeatedColumn FindRepeatedColumn(const std::vector<std::string>& names,
                                  const ColumnIndices& columns, const ColumnMapping& mapping);

/// The header names for a message: "a, b, (empty), ..." (at most 30).
std::string JoinHeader(const std::vector<std::string>& header);

/// True for a column number such as "3" (how files without a header are
/// mapped).
bool IsColumnNumber(const std::string& text);
/// The index (from 0) of the column number `number` (IsColumnNumber) given
/// to `flag`; throws UsageError for 0, as columns are numbered from 1.
int ColumnIndex(const std::string& flag, const std::string& number);

/// Lower-case, without spaces, '_', '-' and '.', for matching header names.
std::string NormalizeHeaderName(std::string_view name);

/// Each name of `header` without its note, normalized, for a role no
/// alias finds: "Created (UTC)" and "Amount [EUR]" without the brackets,
/// "created_at_utc" and "date_gmt" without the time zone's word; a key
/// nested in the order's own object by its inner name ("invoice[date]" is
/// "date"; "invoice[id]" is "invoiceid"), one nested in another thing's
/// whole ("shipping[amount]" is "shippingamount"); "" for a name with no
/// note.
std::vector<std::string> NamesWithoutNotes(const std::vector<std::string>& header);

/// True when `name` is one a currency column is found by ("Currency",
/// "currency_code"): --by such a column splits by currency, and "usd" and
/// "USD" are one segment.
bool NamesCurrency(std::string_view name);

/// True when `name` says its column holds e-mail addresses ("Email",
/// "Customer E-mail"): as customer ids they are matched without regard to
/// the case of ASCII letters, as mail systems treat them.
bool NamesEmail(std::string_view name);

/// `id` with its ASCII capitals in lower case (written to `*scratch` when
/// there are any): how e-mail ids are matched.
std::string_view FoldAsciiCase(std::string_view id, std::string* scratch);

/// True when `name` is one an order's total goes by ("Total", "order_total",
/// "Grand Total (EUR)"): such a column on every line of an order would be
/// summed once per line.
bool IsOrderTotalName(std::string_view name);

/// True when a column's name says its amounts are in cents ("amount_cents",
/// "Total in cents"): 1999 there is 19.99.
bool NamesCents(std::string_view name);

/// The note saying the amounts of `column` are read as cents.
std::string CentsNote(const std::string& file, const std::string& column);

/// The currency code a column's name holds in brackets, upper-cased:
/// "EUR" for "Amount [EUR]" or "Total (usd)"; "" for none (the codes of
/// the currencies most traded, not any three letters: "Amount (net)").
std::string CurrencyInName(std::string_view name);

/// True when a column's name says its times are UTC: "utc" (or "gmt") as
/// a word of it with no offset after it, as in "Created (UTC)" or
/// "created_at_utc", not "Date (UTC+01:00)".
bool NameSaysUtc(std::string_view name);

/// The keys of a JSON object with those inside an object value hidden
/// from matching (each made a name that matches nothing, nor another),
/// unless one of `named` (a flag's or a layout's) names it: by the usual
/// names alone, "customer.id" of an expanded customer would be a second
/// customer id beside "customer_id". A key inside an object
/// (JsonRecord::Field::inside) follows the object's own key, which its
/// path starts with: "customer", then "customer.id".
std::vector<std::string> HideKeysInsideObjects(const std::vector<std::string>& keys,
                                               const std::vector<std::string_view>& named);

/// The index in `header` of the first of `names` it has (compared as
/// NormalizeHeaderName compares), or -1: "Created (UTC)" or "Created date
/// (UTC)", whichever an export has.
int FindHeaderName(const std::vector<std::string>& header,
                   const std::vector<std::string_view>& names);

}  // namespace retention
