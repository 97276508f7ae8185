// The exports people download from shops and payment services, recognized
// by their header: which column is which, and the rules that make their
// rows orders (Shopify writes an order's total on its first line only,
// Stripe lists failed payments, Online Retail marks cancellations with a
// 'C'). docs/formats.md has the same table for people.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "load/column_mapping.h"
#include "retention/load.h"

namespace retention {

/// One known export layout, or the status rules (IsStatusRules). Column
/// names are alternatives, best first, compared as NormalizeHeaderName
/// compares header names.
struct ExportLayout {
  using Names = std::vector<std::string_view>;

  std::string_view name;   // for --layout: "shopify"
  std::string_view title;  // for people: "a Shopify order export"
  /// Columns that together tell the layout; each entry's alternatives.
  std::vector<Names> signature;

  Names customer, order, date, amount, quantity, price, currency;
  /// Read where the customer column is empty (a guest's e-mail).
  Names customer_fallback;
  /// Customers are ids and customer_fallback their e-mail: when set,
  /// loading counts the e-mails seen under more than one customer (a guest
  /// who signed up later, a checkout that makes a customer per purchase),
  /// one person counted as several (LoadStats::shared_emails), and the note
  /// says this: what counts people by e-mail instead.
  std::string_view by_email;
  /// Dates like 12/1/2010 are month first when no value shows it.
  bool month_first = false;
  /// Customer ids are numbers, some written with a zero fraction: 13085.0
  /// (Online Retail II) is the customer 13085 (Online Retail I).
  bool numeric_customers = false;

  /// A column and the values that make a rule hold: one of these values
  /// (lower case; compared ignoring case), or any value when the list is
  /// empty ("Cancelled at" filled in; not NULL, \N or a zero date).
  struct LeftOutWhen {
    Names column;
    std::vector<std::string_view> values;
    /// Read past when a value starts with it ("wc-failed" is "failed").
    std::string_view optional_prefix = {};
    /// What notes say of the values, when not every one of them.
    std::string_view said = {};
    /// The other way round: a row is left out when the value (not empty)
    /// is none of `values`.
    bool unless = false;
    /// Holds too when one of these (words in lower case, one space apart)
    /// is the first or the last words of the value, and no word qualifies
    /// it (not, partially, reversal, failure, fee, ...): accounting systems
    /// name a document "Sales credit note", "A/R Credit Memo" or
    /// "out_refund"; a marketplace an order "Cancelled by buyer".
    std::vector<std::string_view> within = {};
    /// Holds too when the value is a date (not a zero one): a column named
    /// as a flag ("Cancelled") that holds when the order was cancelled.
    bool or_a_date = false;
  };
  /// A row is not an order when one of these holds: it is counted and
  /// left out of every figure.
  std::vector<LeftOutWhen> left_out;  // at most kLayoutRules
  /// A row is a credit (a credit note, a return) when this column holds
  /// one of these values: its amount, written either way, is a refund.
  LeftOutWhen credit;
  /// The amount refunded of the row's order, read as a refund dated with
  /// the order (unless refunds_listed gives each its own date).
  Names refunded;
  /// An amount column and the refund and currency columns that go with it:
  /// whichever amount column is read (the layout's or --amount-col), its
  /// refunds and currency are read beside it, never another currency's.
  struct AmountColumns {
    std::string_view amount, refunded, currency;
  };
  std::vector<AmountColumns> amount_columns;
  /// `refunded` lists refunds as "amount:12.5|reason:...|date:...", ';'
  /// between them (WooCommerce's order export): each is a refund of its
  /// own, dated by its date (ListRefunds).
  bool refunds_listed = false;
  /// Amounts and refunds are whole numbers of the currency's smallest
  /// unit, as Stripe's API writes them: 1099 is 10.99 USD, 500 is 500 JPY
  /// (MinorUnitDigits).
  bool minor_units = false;
  /// A row with an empty amount is a further line of the order above,
  /// whose total its first line holds: it adds nothing.
  bool continuation_lines = false;
  /// Objects with this key, not null, are child objects of an order (a
  /// Shopify bulk operation's line items, with "__parentId"), whose money
  /// is in the order's total: they add nothing.
  Names child_key;
  /// Each order is one row (its first line, with continuation_lines): an
  /// order id on a second row is the order listed twice, as exports whose
  /// dates overlap list it, and is an error rather than counted again.
  bool whole_orders = false;
  /// An order's rows follow each other (an export that may write an order
  /// on several rows): its id again after other orders, or in another
  /// file, is the order listed twice, an error as with whole_orders.
  bool order_rows_together = false;
  /// What docs and the note say of the rules: "voided and cancelled
  /// orders left out".
  std::string_view rules;
};

/// Every layout, in the order recognition tries them.
const std::vector<ExportLayout>& ExportLayouts();

/// Whether `columns` found a column of a layout's rules (left out, refunded,
/// credit).
bool UsesRuleColumns(const ColumnIndices& columns);

/// The status rules (ChooseLayout chooses them by a file's header; JSON
/// objects, whose keys vary, are read by them whenever no known export
/// fits).
const ExportLayout& StatusRules();

/// True for the status rules: any other file with a column of each row's
/// status or document type, read by it (no known export, so columns the
/// rules do not read may still need a note).
bool IsStatusRules(const ExportLayout* layout);

/// The names --layout takes: the layouts' and "none", for messages.
std::string LayoutNames();

/// The layout `name` asks for: "" recognizes one by `header`, else the
/// status rules when `header` has one of their columns, else nullptr;
/// "none" is nullptr. A named layout whose columns `header`
/// lacks throws DataError at `file`:1 naming them; an unknown name throws
/// DataError too (the CLI checks names before loading).
const ExportLayout* ChooseLayout(std::string_view name, const std::vector<std::string>& header,
                                 const std::string& file);

/// `given` with every role it leaves to detection taken from `layout`
/// when `header` has the layout's column for it. A role given keeps its
/// column; a layout reading quantity x price gives no amount column.
ColumnMapping LayoutMapping(const ExportLayout& layout, const ColumnMapping& given,
                            const std::vector<std::string>& header);

/// Sets the columns of the layout's rules (status, cancelled, refunded,
/// customer fallback) in `columns`, and `columns->layout`.
void AddLayoutColumns(const ExportLayout& layout, const std::vector<std::string>& header,
                      ColumnIndices* columns);

/// The one line saying how a file was read: "read as a Shopify order
/// export: customers by Email, orders by Name, amounts from Total, refunds
/// from Refunded Amount; voided and cancelled orders left out".
std::string DescribeLayout(const ExportLayout& layout, const std::vector<std::string>& header,
                           const ColumnIndices& columns);

/// The notes on how a file with `header` was read, in order: the layout
/// `known` (DescribeLayout; none for nullptr), amounts or prices in cents, and a
/// status column no rule reads (not for a known export, whose columns are
/// all known). `columns` with AddLayoutColumns applied for `known`.
std::vector<std::string> HowReadNotes(const std::string& file,
                                      const std::vector<std::string>& header,
                                      const ExportLayout* known, const ColumnIndices& columns);

/// True when `value`, of the column of `when`, is one of its values (or
/// anything but empty, when it lists none).
bool Matches(const ExportLayout::LeftOutWhen& when, std::string_view value);

/// How many decimals the smallest unit of `currency` (an ISO code, any
/// case) has in Stripe's API: 0 for the yen and the other zero-decimal
/// currencies, 3 for the dinars of Bahrain, Jordan, Kuwait, Tunisia and
/// the Omani rial, else 2 (the Icelandic krona too, which the API writes
/// in hundredths).
int MinorUnitDigits(std::string_view currency);

/// Whether `header` has a column the status rules read (a status, a
/// cancellation, a document type).
bool HasStatusColumn(const std::vector<std::string>& header);

/// One refund of a WooCommerce refund list: the texts of its amount and
/// of its date (empty when the entry has none).
struct ListedRefund {
  std::string_view amount, date;
};

/// The refunds of a WooCommerce refund list ("amount:12.5|reason:...|date:
/// 2024-03-12 10:00:00;amount:..."), or the refunded amount itself, undated,
/// when the text is no list (ExportLayout::refunds_listed). Only the amount
/// that starts each entry counts, never "amount:" inside a reason; its date
/// is the entry's last "date:" field. Text in neither shape is one entry
/// whose amount is the whole text, to fail as a number; empty text is none.
std::vector<ListedRefund> ListRefunds(std::string_view text);

}  // namespace retention
