#include "load/column_mapping.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <unordered_set>

#include "base/closest_name.h"
#include "base/text.h"
#include "retention/error.h"
#include "retention/money.h"

namespace retention {
namespace {

// `name` without its bracketed notes: "Created (UTC)" is "Created ".
std::string WithoutBrackets(std::string_view name) {
  std::string out;
  int depth = 0;
  for (char c : name) {
    if (c == '(' || c == '[') {
      ++depth;
    } else if ((c == ')' || c == ']') && depth > 0) {
      --depth;
    } else if (depth == 0) {
      out.push_back(c);
    }
  }
  return out;
}

// A key nested as Rails and PHP forms write one, "invoice[status]": its
// outer and inner names, normalized ("invoice", "status"); both empty for
// any other name. A note in brackets has a space before it ("Amount
// [EUR]"), capitals ("Date[UTC]") or is a currency ("amount[eur]").
std::pair<std::string, std::string> NestedKey(std::string_view name) {
  name = TrimSpaces(name);
  const size_t open = name.find('[');
  if (open == 0 || open == std::string_view::npos || name.back() != ']' ||
      name.find_first_of("[]", open + 1) != name.size() - 1 || IsSpace(name[open - 1])) {
    return {};
  }
  // Lower case on both sides, as Rails and PHP write keys: "Date[UTC]"
  // and "Amount[net]" are notes.
  auto key = [](std::string_view part) {
    return !part.empty() && std::all_of(part.begin(), part.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || IsDigit(c) || c == '_';
    });
  };
  const std::string_view inner = name.substr(open + 1, name.size() - open - 2);
  if (!key(inner) || !key(name.substr(0, open)) || IsKnownCurrencyCode(inner)) return {};
  return {NormalizeHeaderName(name.substr(0, open)), NormalizeHeaderName(inner)};
}

struct Role {
  const char* name;                  // as said in messages
  const char* flag;                  // the flag that maps it
  std::vector<const char*> aliases;  // normalized header names, best first
};

const Role kCustomer{
    "customer id",
    "--customer-col",
    // A customer's number before their name: an invoice export has both
    // ("Customer", "Customer No"), and one customer's name is spelt
    // several ways. A till's "Customer Code" before its cashier, "User".
    {"customerid", "customerno", "customernumber", "customercode", "custid", "customer", "clientid",
     "client", "userid", "user", "buyerid", "accountid", "shopperid", "memberid", "customeremail",
     "email",
     // E-mails as shops and marketplaces name them (WooCommerce, Gumroad,
     // Wix, eBay).
     "billingemail", "purchaseemail", "contactemail", "buyeremail",
     // German, Polish, French, Spanish, Portuguese, Italian, Dutch,
     // Swedish, Danish and Norwegian, Finnish exports: numbers, then
     // names.
     "kundennummer", "kundennr", "kundenid", "kundenummer", "kundnummer", "idklienta",
     "numéroclient", "idcliente", "códigocliente", "codigocliente", "klantnummer", "asiakasnumero",
     "kunde", "klient", "cliente", "klant", "kund", "asiakas",
     // A name when no id is there (Xero's invoices name their customer
     // only).
     "customername", "contactname"}};
const Role kOrder{
    "order id",
    "--order-col",
    {"orderid", "order", "invoice", "invoiceno", "invoiceid", "invoicenumber", "ordernumber",
     "orderno", "transactionid", "transaction", "receiptid", "receiptno", "bestellung",
     "bestellnummer", "bestellnr", "auftragsnummer", "rechnungsnummer", "zamówienie",
     "nrzamówienia", "commande", "numérocommande", "pedido", "númeropedido", "ordine", "bestelling",
     "bestelnummer",
     // Spanish and Portuguese as Latin American shops write them (Nº and
     // N° Pedido; Tiendanube's Número de orden), Swedish, Danish and
     // Norwegian, Finnish.
     "nºpedido", "n°pedido", "nopedido", "numeropedido", "númerodepedido", "numerodepedido",
     "númerodopedido", "numerodopedido", "nºdepedido", "númerodeorden", "numerodeorden", "nºorden",
     "n°orden", "nºdeorden", "ordernummer", "ordernr", "ordrenummer", "ordrenr", "tilausnumero",
     // Czech and Slovak, Hungarian, Turkish.
     "objednávka", "čísloobjednávky", "Čísloobjednávky", "rendelésszám", "siparişno",
     "siparişnumarası",
     // An ERP's posted documents: invoices and credit notes.
     "documentno", "documentnumber", "belegnr", "belegnummer",
     // A till's receipts; a marketplace's own order ids.
     "receiptnumber", "amazonorderid",
     // As Wix, WooCommerce's reports and tills write numbers, after every
     // other name: "Order #" beside "Order Number" may be a row's count.
     "order#", "invoice#", "receipt#", "transaction#"}};
const Role kDate{
    "date",
    "--date-col",
    {"date", "orderdate", "createdat", "invoicedate", "timestamp", "datetime", "purchasedate",
     "transactiondate", "orderedat", "created", "datecreated", "time", "paidat", "processedat",
     "datum", "bestelldatum", "rechnungsdatum", "data", "datazamówienia", "datecommande", "fecha",
     "fechapedido", "dataordine", "besteldatum", "fechadepedido", "fechadelpedido", "fechadeorden",
     "fechadelaorden", "fechadecompra", "fechadeventa", "datadopedido", "datadacompra",
     "orderdatum", "dato", "päivämäärä", "tilauspäivä",
     // An ERP's posted documents.
     "postingdate", "documentdate", "buchungsdatum", "belegdatum"}};
// A line's amount before an order's total: a file of order lines may carry
// both, and the total repeated on each line would be summed once per line.
// So in every language: Importe before Total, Betrag before Summe.
const Role kAmount{"amount",
                   "--amount-col",
                   {"amount", "revenue", "linetotal", "lineamount",
                    // German, French, Spanish, Italian, Dutch, Polish, Swedish, Danish
                    // and Norwegian words for an amount.
                    "betrag", "montant", "importe", "importo", "bedrag", "kwota", "umsatz", "monto",
                    "belopp", "beløb", "beløp",
                    // Totals; a value after them, as often one unit's as the line's
                    // (Quantidade, Valor, Total).
                    "total", "ordertotal", "totalprice", "totalamount", "grossamount", "netamount",
                    "grandtotal", "sales", "value", "dollarvalue", "valor", "wartość",
                    "gesamtbetrag", "nettobetrag", "bruttobetrag", "summe", "suma", "montantttc",
                    // A total said with or without tax, unbracketed ("Total Inc GST"):
                    // beside each other, the one before tax is read (PreferAmountBeforeTax).
                    "totalextax", "totalexcltax", "totalexgst", "totalexclgst", "totalexvat",
                    "totalexclvat", "totalinctax", "totalincltax", "totalincgst", "totalinclgst",
                    "totalincvat", "totalinclvat", "totalexcludingtax", "totalincludingtax",
                    // Odoo's invoices: amount_total beside amount_untaxed.
                    "amounttotal",
                    // In cents (NamesCents), as apps built on a money library store them.
                    "amountcents", "amountincents", "totalcents", "totalincents", "revenuecents"}};
const Role kQuantity{"quantity",
                     "--quantity-col",
                     {"quantity", "qty", "units", "menge", "anzahl", "ilość", "cantidad",
                      "quantidade", "quantité", "quantità", "aantal", "antal", "antall", "määrä"}};
const Role kPrice{
    "price",
    "--price-col",
    {"unitprice", "price", "itemprice", "preis", "einzelpreis", "cena", "precio", "preciounitario",
     "preço", "preçounitário", "prix", "prixunitaire", "prezzo", "prijs", "pris", "hinta"}};
const Role kSegment{"segment", "--by", {}};
const Role kCurrency{"currency",
                     "--currency-col",
                     {"currency", "currencycode", "curr", "currencyid", "invoicecurrency",
                      "transactioncurrency", "documentcurrency", "währung", "devise", "moneda",
                      "divisa", "valuta", "waluta", "moeda", "valuutta"}};

// Amounts named (normalized) as an order's total, which exports repeat on
// each line of an order, and which carry tax.
constexpr std::string_view kOrderTotals[] = {"total",       "ordertotal",  "totalprice",
                                             "totalamount", "grandtotal",  "ordervalue",
                                             "orderamount", "gesamtbetrag"};
// Amounts named as with tax beyond those, and as before tax.
constexpr std::string_view kWithTax[] = {
    "bruttobetrag", "brutto", "montantttc", "totalttc", "gross", "grossamount", "amountgross",
    "totalinctax", "totalincltax", "amountinctax", "amountincltax", "totalincvat", "totalinclvat",
    "importebruto", "importolordo", "brutobedrag",
    // GST (Australia, New Zealand, India, Singapore, Canada) and HST.
    "totalincgst", "totalinclgst", "amountincgst", "amountinclgst", "totalinchst", "totalinclhst",
    "totalincludingtax", "totalincludinggst", "totalincludingvat", "amountincludingtax",
    "amountincludinggst", "amountincludingvat", "amounttotal"};
// Not "net" or "subtotal" alone: a payment service's net is after its
// fees, an invoice's subtotal before its discounts and shipping.
constexpr std::string_view kBeforeTax[] = {
    "netamount",          "amountnet",         "netto",
    "nettobetrag",        "montantht",         "totalht",
    "amountuntaxed",      "untaxedamount",     "totalexcltax",
    "totalextax",         "amountexcltax",     "amountextax",
    "totalexclvat",       "totalexvat",        "importeneto",
    "importonetto",       "nettobedrag",       "totalexgst",
    "totalexclgst",       "amountexgst",       "amountexclgst",
    "totalexhst",         "totalexclhst",      "totalexcludingtax",
    "totalexcludinggst",  "totalexcludingvat", "amountexcludingtax",
    "amountexcludinggst", "amountexcludingvat"};

template <typename Names>
bool OneOf(std::string_view name, const Names& names) {
  return std::find(std::begin(names), std::end(names), name) != std::end(names);
}

// -1 when an auto-detected role is absent; throws for an explicit name that
// matches nothing.
int Find(const Role& role, const std::string& wanted, const std::vector<std::string>& header,
         size_t column_count, const std::string& file, bool lenient = false) {
  if (&role == &kOrder && wanted == "none") return -1;  // NoOrderColumn
  // A column found as the currency that is another thing (a German bank
  // export's Valuta, the value date).
  if (&role == &kCurrency && wanted == "none") return -1;
  if (IsColumnNumber(wanted)) {
    const int index = ColumnIndex(role.flag, wanted);
    if (static_cast<size_t>(index) >= column_count) {
      throw DataError(Location{file, 1, 0}, role.flag + std::string(" ") + wanted +
                                                " is out of range: the file has " +
                                                std::to_string(column_count) + " columns");
    }
    return index;
  }
  std::vector<std::string> normalized;
  for (const std::string& h : header) normalized.push_back(NormalizeHeaderName(h));
  if (!wanted.empty()) {
    std::string key = NormalizeHeaderName(wanted);
    for (size_t i = 0; i < header.size(); ++i) {
      if (header[i] == wanted) return static_cast<int>(i);
    }
    for (size_t i = 0; i < header.size(); ++i) {
      if (normalized[i] == key) return static_cast<int>(i);
    }
    if (lenient) return -1;
    if (header.empty()) {
      throw DataError(Location{file, 0, 0}, std::string("the file has no header, so ") + role.flag +
                                                " must be a column number (1 = first column)");
    }
    throw DataError(Location{file, 1, 0}, std::string("no column named \"") +
                                              InputExcerpt(wanted, 40) + "\" for " + role.flag +
                                              "; the header has: " + JoinHeader(header) +
                                              EscapeControls(DidYouMean(wanted, header)));
  }
  for (const char* alias : role.aliases) {
    for (size_t i = 0; i < header.size(); ++i) {
      if (normalized[i] == alias) return static_cast<int>(i);
    }
  }
  const std::vector<std::string> bare = NamesWithoutNotes(header);
  for (const char* alias : role.aliases) {
    for (size_t i = 0; i < header.size(); ++i) {
      if (bare[i] == alias) return static_cast<int>(i);
    }
  }
  return -1;
}

// A header read as one column whose name has runs of blanks in it is a
// whitespace-aligned file read with the wrong delimiter.
std::string DelimiterHint(const std::vector<std::string>& header) {
  // A header read as one column holds the separator it was written with
  // (a --delimiter that is not the file's).
  static constexpr struct {
    char byte;
    const char* name;
    const char* flag;
  } kSeparators[] = {{'\t', "tabs", "tab"},
                     {';', "semicolons", "';'"},
                     {',', "commas", ","},
                     {'|', "pipes", "'|'"}};
  for (const auto& s : kSeparators) {
    if (header.size() == 1 && header[0].find(s.byte) != std::string::npos) {
      return std::string("; the columns look separated by ") + s.name + ": give --delimiter " +
             s.flag + ", or none to have it told from the header";
    }
  }
  for (const std::string& h : header) {
    if (h.find("  ") != std::string::npos || h.find('\t') != std::string::npos ||
        (header.size() == 1 && h.find(' ') != std::string::npos)) {
      return "; the columns look separated by spaces: add --delimiter space";
    }
  }
  return "";
}

[[noreturn]] void Missing(const Role& role, const std::vector<std::string>& header,
                          const std::string& file) {
  if (header.empty()) {
    throw DataError(Location{file, 0, 0},
                    std::string("the file has no header; say which column holds the ") + role.name +
                        " with " + role.flag + " N (1 = first column)");
  }
  std::string hint = DelimiterHint(header);
  throw DataError(
      Location{file, 1, 0},
      std::string("no ") + role.name + " column found; the header has: " + JoinHeader(header) +
          (hint.empty() ? "; name the column with " + std::string(role.flag) + " NAME" : hint));
}

}  // namespace

RepeatedColumn FindRepeatedColumn(const std::vector<std::string>& names,
                                  const ColumnIndices& columns, const ColumnMapping& mapping) {
  const std::pair<const Role*, std::pair<int, const std::string*>> roles[] = {
      {&kCustomer, {columns.customer, &mapping.customer}},
      {&kOrder, {columns.order, &mapping.order}},
      {&kDate, {columns.date, &mapping.date}},
      {&kAmount, {columns.amount, &mapping.amount}},
      {&kQuantity, {columns.quantity, &mapping.quantity}},
      {&kPrice, {columns.price, &mapping.price}},
      {&kCurrency, {columns.currency, &mapping.currency}},
      {&kSegment, {columns.segment, &mapping.segment}}};
  for (const auto& [role, where] : roles) {
    auto [index, wanted] = where;
    if (index < 0 || static_cast<size_t>(index) >= names.size() || IsColumnNumber(*wanted)) {
      continue;
    }
    const std::string& name = names[static_cast<size_t>(index)];
    bool exact = name == *wanted;
    std::string normalized = exact ? "" : NormalizeHeaderName(name);
    for (size_t j = 0; j < names.size(); ++j) {
      if (j == static_cast<size_t>(index)) continue;
      if (exact ? names[j] == name : NormalizeHeaderName(names[j]) == normalized) {
        return RepeatedColumn{index, static_cast<int>(j), role->name, role->flag};
      }
    }
  }
  return RepeatedColumn{};
}

std::string JoinHeader(const std::vector<std::string>& header) {
  // Each name and the whole list are cut: a header line may be megabytes.
  constexpr size_t kMaxNames = 30, kMaxBytes = 400;
  std::string out;
  size_t i = 0;
  for (; i < header.size() && i < kMaxNames && out.size() < kMaxBytes; ++i) {
    if (i) out += ", ";
    out += header[i].empty() ? "(empty)" : InputExcerpt(header[i], 40);
  }
  if (i < header.size()) out += ", ... (" + std::to_string(header.size() - i) + " more)";
  return out;
}

int ColumnIndex(const std::string& flag, const std::string& number) {
  const int index = std::stoi(number) - 1;
  // Whatever the file: a usage error.
  if (index < 0) throw UsageError(flag + " " + number + ": columns are numbered from 1");
  return index;
}

bool IsColumnNumber(const std::string& text) {
  return !text.empty() && text.size() < 6 &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
}

bool NamesCurrency(std::string_view name) {
  const std::string normalized = NormalizeHeaderName(name);
  return std::find(kCurrency.aliases.begin(), kCurrency.aliases.end(), normalized) !=
         kCurrency.aliases.end();
}

bool NamesEmail(std::string_view name) {
  return NormalizeHeaderName(name).find("email") != std::string::npos;
}

std::string_view FoldAsciiCase(std::string_view id, std::string* scratch) {
  if (std::none_of(id.begin(), id.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) return id;
  scratch->assign(id.data(), id.size());
  for (char& c : *scratch) c = ToLower(c);
  return *scratch;
}

bool NamesCents(std::string_view name) {
  std::string normalized = NormalizeHeaderName(name);
  // "Amount (cents)", "Total [cents]".
  normalized.erase(
      std::remove_if(normalized.begin(), normalized.end(),
                     [](char c) { return c == '(' || c == ')' || c == '[' || c == ']'; }),
      normalized.end());
  constexpr std::string_view kCents = "cents";
  return normalized.size() >= kCents.size() &&
         normalized.compare(normalized.size() - kCents.size(), kCents.size(), kCents) == 0;
}

std::string CentsNote(const std::string& file, const std::string& column) {
  return file + ": amounts of column \"" + InputExcerpt(column, 40) +
         "\" read as cents, as its name says (1999 is 19.99; of a currency without cents, such as "
         "JPY, 1999 is 1999)";
}

std::string CurrencyInName(std::string_view name) {
  for (size_t open = name.find_first_of("(["); open != std::string_view::npos;
       open = name.find_first_of("([", open + 1)) {
    if (open + 4 >= name.size() || name[open + 4] != (name[open] == '(' ? ')' : ']')) continue;
    const std::string code = AsciiUpper(name.substr(open + 1, 3));
    if (IsKnownCurrencyCode(code)) return code;
  }
  return "";
}

std::string UnreadStatusColumn(const std::vector<std::string>& header,
                               const ColumnIndices& columns) {
  static const char* const kStatuses[] = {
      "status", "orderstatus", "financialstatus", "paymentstatus", "invoicestatus", "orderstate",
      "paymentstate", "refunded", "amountrefunded", "refundedamount", "refundamount", "refunds",
      "partialrefunds", "cardrefunds", "totalrefunds", "cancelled", "canceled", "cancelledat",
      "canceledat", "voided",
      // A refund marked, dated or stated (Gumroad's "Refunded?", "Partial
      // Refund ($)", "Fully Refunded?").
      "refund", "refundstatus", "refundedat", "refunddate", "isrefunded", "fullyrefunded",
      "partiallyrefunded", "partialrefund",
      // Totals after refunds or their refunded part (Magento's order grid,
      // Etsy's sold orders) beside the amount read.
      "totalrefunded", "refundedtotal", "refundtotal", "adjustedordertotal", "adjustedtotal"};
  const int read[] = {columns.customer,    columns.order,       columns.date,
                      columns.amount,      columns.quantity,    columns.price,
                      columns.currency,    columns.segment,     columns.customer_fallback,
                      columns.left_out[0], columns.left_out[1], columns.left_out[2],
                      columns.left_out[3], columns.refunded,    columns.credit};
  for (size_t i = 0; i < header.size(); ++i) {
    if (std::find(std::begin(read), std::end(read), static_cast<int>(i)) != std::end(read))
      continue;
    std::string name = NormalizeHeaderName(WithoutBrackets(header[i]));
    if (!name.empty() && name.back() == '?') name.pop_back();  // "Refunded?"
    // "refunded_amount_cents" is a refunded amount too.
    if (NamesCents(name) && name.size() > 5) name.resize(name.size() - 5);
    if (std::find(std::begin(kStatuses), std::end(kStatuses), name) != std::end(kStatuses)) {
      return header[i];
    }
  }
  return "";
}

std::string UnreadStatusNote(const std::string& file, const std::string& column) {
  return file + ": column \"" + InputExcerpt(column, 40) +
         "\" is not read: every row counts as a sale at its amount, whatever it says (void, "
         "failed, refunded); leave such rows out of the file first, or name a known export with "
         "--layout (docs/formats.md)";
}

bool IsOrderTotalName(std::string_view name) {
  const std::string n = NormalizeHeaderName(WithoutBrackets(name));
  // The totals before tax too: read instead of a total beside them
  // (PreferAmountBeforeTax), they are as often an order's, on every line.
  return OneOf(n, kOrderTotals) || OneOf(n, kBeforeTax);
}

std::string_view UnbracketedName(std::string_view name) {
  const std::string_view t = TrimSpaces(name);
  if (t.size() > 2 && t.front() == '[' && t.back() == ']' &&
      t.find_first_of("[]", 1) == t.size() - 1) {
    return t.substr(1, t.size() - 2);
  }
  return name;
}

std::string NormalizeHeaderName(std::string_view name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    // Xero marks the columns its import needs with '*' ("*InvoiceNumber").
    if (c == ' ' || c == '_' || c == '-' || c == '.' || c == '\t' || c == '*') continue;
    // A no-break or ideographic space is a space ("customer_id" with one
    // after it).
    if (const size_t n = WideSpaceAtFront(name.substr(i))) {
      i += n - 1;
      continue;
    }
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

std::vector<std::string> NamesWithoutNotes(const std::vector<std::string>& header) {
  std::vector<std::string> bare(header.size());
  for (size_t i = 0; i < header.size(); ++i) {
    const std::string n = NormalizeHeaderName(header[i]);
    const auto [outer, inner] = NestedKey(header[i]);
    // The order's own keys, nested in what the export calls the order
    // ("invoice[date]" is a date, "invoice[id]" the invoice's id,
    // "order[status]" no order id); another thing's are not the order's:
    // "shipping[amount]", "shipment[date]", "parent[order_id]".
    static constexpr std::string_view kOrderItself[] = {
        "order", "orders",  "invoice", "invoices", "transaction",
        "sale",  "payment", "charge",  "purchase", "receipt"};
    if (!inner.empty() && std::find(std::begin(kOrderItself), std::end(kOrderItself), outer) !=
                              std::end(kOrderItself)) {
      const bool id = inner == "id" || inner == "no" || inner == "number" || inner == "nr";
      bare[i] = id ? outer + inner : inner;
    } else if (!inner.empty()) {
      bare[i] = outer + inner;  // named as a whole: "shippingamount" is no role
    } else if (n.find_first_of("([") != std::string::npos) {
      bare[i] = NormalizeHeaderName(WithoutBrackets(header[i]));
    } else if (n.size() > 3 &&
               (n.compare(n.size() - 3, 3, "utc") == 0 || n.compare(n.size() - 3, 3, "gmt") == 0) &&
               NameSaysUtc(header[i])) {
      bare[i] = n.substr(0, n.size() - 3);
    }
  }
  return bare;
}

bool NameSaysUtc(std::string_view name) {
  // "utc" or "gmt" as a word of the name, with no offset after it: not
  // "Outcome", "UTCOffset" nor "Date (UTC+01:00)".
  size_t i = 0;
  while (i < name.size()) {
    while (i < name.size() && !std::isalnum(static_cast<unsigned char>(name[i]))) ++i;
    size_t end = i;
    while (end < name.size() && std::isalnum(static_cast<unsigned char>(name[end]))) ++end;
    const std::string_view word = name.substr(i, end - i);
    // The offset may stand apart from the word: "Date (UTC +01:00)".
    size_t sign = end;
    while (sign < name.size() && name[sign] == ' ') ++sign;
    const bool offset_follows =
        sign < name.size() && (name[sign] == '+' || name[sign] == '-' ||
                               name.substr(sign).rfind("\xC2\xB1", 0) == 0);  // U+00B1 ±
    if ((EqualsIgnoreCase(word, "utc") || EqualsIgnoreCase(word, "gmt")) && !offset_follows) {
      return true;
    }
    i = end;
  }
  return false;
}

std::vector<std::string> HideKeysInsideObjects(const std::vector<std::string>& keys,
                                               const std::vector<std::string_view>& named) {
  std::vector<bool> inside(keys.size(), false);
  std::unordered_set<std::string_view> before;
  for (size_t i = 0; i < keys.size(); ++i) {
    const size_t dot = keys[i].rfind('.');
    inside[i] =
        dot != std::string::npos && before.count(std::string_view(keys[i]).substr(0, dot)) > 0;
    before.insert(keys[i]);
  }
  // A name names a key inside an object as written, or in other spelling
  // when no key outside one is it: --customer-col customer.id names that
  // key, --customer-col Customer_ID names customer_id, not customer.id too.
  std::vector<std::string> outside;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (!inside[i]) outside.push_back(NormalizeHeaderName(keys[i]));
  }
  std::vector<std::string> spelled;
  for (std::string_view name : named) {
    if (name.empty()) continue;
    std::string normalized = NormalizeHeaderName(name);
    if (std::find(outside.begin(), outside.end(), normalized) == outside.end()) {
      spelled.push_back(std::move(normalized));
    }
  }
  std::vector<std::string> out = keys;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (!inside[i] || std::find(named.begin(), named.end(), keys[i]) != named.end()) continue;
    if (std::find(spelled.begin(), spelled.end(), NormalizeHeaderName(keys[i])) == spelled.end()) {
      out[i] = "\x01" + std::to_string(i);  // matches no name, nor another hidden key
    }
  }
  return out;
}

int FindHeaderName(const std::vector<std::string>& header,
                   const std::vector<std::string_view>& names) {
  // Each name and each header normalized once, not once per pair.
  std::vector<std::string> keys, plain, nested;
  for (std::string_view name : names) keys.push_back(NormalizeHeaderName(name));
  for (const std::string& h : header) {
    plain.push_back(NormalizeHeaderName(h));
    // A nested key, when no name is written plainly: "invoice[status]" is
    // invoice status (not any status: "shipping[status]" is none).
    const auto [outer, inner] = NestedKey(h);
    nested.push_back(inner.empty() ? std::string() : outer + inner);
  }
  for (const std::string& key : keys) {
    for (size_t i = 0; i < header.size(); ++i) {
      if (plain[i] == key) return static_cast<int>(i);
    }
  }
  for (const std::string& key : keys) {
    for (size_t i = 0; i < header.size(); ++i) {
      if (!nested[i].empty() && nested[i] == key) return static_cast<int>(i);
    }
  }
  return -1;
}

namespace {

// The note in brackets of a normalized name: "net" of "amount(net)".
std::string_view BracketNote(std::string_view normalized) {
  const size_t open = normalized.find_first_of("([");
  if (open == std::string_view::npos) return {};
  std::string_view note = normalized.substr(open + 1);
  if (!note.empty() && (note.back() == ')' || note.back() == ']')) note.remove_suffix(1);
  return note;
}

// Names (normalized) that say tax is in the amount, or is not.
bool SaysTaxIncluded(std::string_view n) {
  static constexpr std::string_view kNotes[] = {
      "gross",        "brutto",       "bruto",        "ttc",     "inctax", "incltax",
      "incvat",       "inclvat",      "incgst",       "inclgst", "inchst", "inclhst",
      "includingtax", "includinggst", "includingvat", "withtax", "lordo"};
  return OneOf(n, kOrderTotals) || OneOf(n, kWithTax) || OneOf(BracketNote(n), kNotes);
}
bool SaysTaxExcluded(std::string_view n) {
  static constexpr std::string_view kNotes[] = {
      "net",          "netto",        "neto",         "ht",      "excltax", "extax",
      "exclvat",      "exvat",        "exgst",        "exclgst", "exhst",   "exclhst",
      "excludingtax", "excludinggst", "excludingvat", "untaxed", "pretax",  "beforetax"};
  return OneOf(n, kBeforeTax) || OneOf(BracketNote(n), kNotes);
}

// An auto-detected amount that says tax is in it, beside a column that
// says it is not: revenue is read before tax (ColumnIndices::gross_amount).
// One found before tax already (Nettobetrag beside Bruttobetrag) stays,
// with the column with tax beside it known alike: for the note, and for a
// credit note signed only there.
void PreferAmountBeforeTax(const std::vector<std::string>& header, ColumnIndices* c) {
  if (c->amount < 0 || static_cast<size_t>(c->amount) >= header.size()) return;
  const std::string amount = NormalizeHeaderName(header[static_cast<size_t>(c->amount)]);
  const bool with_tax = SaysTaxIncluded(amount);
  if (!with_tax && !SaysTaxExcluded(amount)) return;
  // Beside a fee, gross and net are a payment service's: before and after
  // its fees, and the gross is the sale.
  if (FindHeaderName(header, {"fee", "fees", "processing fee", "processing fees", "transaction fee",
                              "transaction fees", "stripe fee", "paypal fee"}) >= 0) {
    return;
  }
  // Found first before tax, the other column must be an invoice's total
  // with tax by its name (Bruttobetrag, Montant TTC, Total inc tax): an
  // order's total repeated on its lines (Grand Total), or a payment's gross,
  // is no such pair, and its sign says nothing of the row's.
  auto invoice_total_with_tax = [](const std::string& name) {
    return SaysTaxIncluded(name) && !OneOf(name, kOrderTotals) &&
           name.find("gross") == std::string::npos;
  };
  for (size_t i = 0; i < header.size(); ++i) {
    if (static_cast<int>(i) == c->amount) continue;
    const std::string name = NormalizeHeaderName(header[i]);
    if (with_tax ? !SaysTaxExcluded(name) : !invoice_total_with_tax(name)) continue;
    c->gross_amount = with_tax ? c->amount : static_cast<int>(i);
    if (with_tax) c->amount = static_cast<int>(i);
    return;
  }
}

}  // namespace

ColumnIndices MatchKeys(const std::vector<std::string>& keys, const ColumnMapping& mapping) {
  ColumnIndices c;
  const std::string none;
  c.customer = Find(kCustomer, mapping.customer, keys, keys.size(), none, true);
  c.order = Find(kOrder, mapping.order, keys, keys.size(), none, true);
  c.date = Find(kDate, mapping.date, keys, keys.size(), none, true);
  c.quantity = Find(kQuantity, mapping.quantity, keys, keys.size(), none, true);
  c.price = Find(kPrice, mapping.price, keys, keys.size(), none, true);
  c.currency = Find(kCurrency, mapping.currency, keys, keys.size(), none, true);
  if (!mapping.segment.empty()) {
    c.segment = Find(kSegment, mapping.segment, keys, keys.size(), none, true);
  }
  bool explicit_product = !mapping.quantity.empty() && !mapping.price.empty();
  if (!explicit_product) {
    c.amount = Find(kAmount, mapping.amount, keys, keys.size(), none, true);
    if (mapping.amount.empty()) PreferAmountBeforeTax(keys, &c);
  }
  if (c.amount >= 0) c.quantity = c.price = -1;
  if (c.segment >= 0 && c.segment == c.currency) {
    c.split_by_currency = true;
    c.currency = -1;
  }
  return c;
}

ColumnIndices ResolveColumns(const std::vector<std::string>& header, size_t column_count,
                             const ColumnMapping& mapping, const std::string& file) {
  ColumnIndices c;
  c.customer = Find(kCustomer, mapping.customer, header, column_count, file);
  c.order = Find(kOrder, mapping.order, header, column_count, file);
  c.date = Find(kDate, mapping.date, header, column_count, file);
  c.quantity = Find(kQuantity, mapping.quantity, header, column_count, file);
  c.price = Find(kPrice, mapping.price, header, column_count, file);
  c.currency = Find(kCurrency, mapping.currency, header, column_count, file);
  if (!mapping.segment.empty())
    c.segment = Find(kSegment, mapping.segment, header, column_count, file);
  // An explicit quantity x price wins over an amount column, as in
  // SqlSource (the CLI refuses both).
  bool explicit_product = !mapping.quantity.empty() && !mapping.price.empty();
  if (!explicit_product) {
    c.amount = Find(kAmount, mapping.amount, header, column_count, file);
    if (mapping.amount.empty()) PreferAmountBeforeTax(header, &c);
  }
  // Every missing column in one message, so one run tells the whole fix.
  std::vector<const Role*> missing;
  if (c.customer < 0) missing.push_back(&kCustomer);
  if (c.date < 0) missing.push_back(&kDate);
  bool no_amount = c.amount < 0 && !(c.quantity >= 0 && c.price >= 0);
  if (no_amount) missing.push_back(&kAmount);
  if (missing.size() == 1 && !no_amount) Missing(*missing[0], header, file);
  if (missing.size() == 1 && !header.empty()) {
    throw DataError(Location{file, 1, 0},
                    "no amount column found; the header has: " + JoinHeader(header) +
                        "; name it with --amount-col NAME, or give --quantity-col and "
                        "--price-col to use quantity x price");
  }
  if (missing.size() == 1) Missing(*missing[0], header, file);
  if (missing.size() > 1) {
    std::string names, flags;
    for (size_t i = 0; i < missing.size(); ++i) {
      names += (i == 0                    ? ""
                : i + 1 == missing.size() ? " and "
                                          : ", ") +
               std::string(missing[i]->name);
      flags +=
          (i == 0 ? "" : ", ") + std::string(missing[i]->flag) + (header.empty() ? " N" : " NAME");
    }
    if (header.empty()) {
      throw DataError(Location{file, 0, 0}, "the file has no header; say which columns hold the " +
                                                names + " with " + flags + " (1 = first column)");
    }
    std::string hint = DelimiterHint(header);
    // Named in another language, the order id goes unfound too: without
    // it each line would count as an order.
    const std::string order =
        c.order < 0 ? " (and --order-col NAME for the order id, if one order's lines are on "
                      "several rows)"
                    : "";
    throw DataError(Location{file, 1, 0},
                    "no " + names + " columns found; the header has: " + JoinHeader(header) +
                        (hint.empty() ? "; name them with " + flags + order : hint));
  }
  if (c.amount >= 0) c.quantity = c.price = -1;
  // Which of two same-named columns was meant cannot be told, and the
  // figures would silently use the first.
  if (RepeatedColumn r = FindRepeatedColumn(header, c, mapping); r.mapped >= 0) {
    const std::string& a = header[static_cast<size_t>(r.mapped)];
    const std::string& b = header[static_cast<size_t>(r.other)];
    std::string first = std::to_string(std::min(r.mapped, r.other) + 1);
    std::string second = std::to_string(std::max(r.mapped, r.other) + 1);
    throw DataError(Location{file, 1, 0},
                    a == b
                        ? "the header has the column \"" + a + "\" twice (columns " + first +
                              " and " + second + "); rename or drop one, or pick one by number (" +
                              r.flag + " " + first + ")"
                        : "the header has two " + std::string(r.role) + " columns, \"" +
                              header[std::stoul(first) - 1] + "\" (column " + first + ") and \"" +
                              header[std::stoul(second) - 1] + "\" (column " + second +
                              "); rename or drop one, or name the one to use with " + r.flag);
  }
  // Reports split by currency may mix currencies: each segment is one.
  if (c.segment >= 0 && c.segment == c.currency) {
    c.split_by_currency = true;
    c.currency = -1;
  }
  return c;
}

}  // namespace retention
