#include "load/export_layouts.h"

#include <algorithm>
#include <cctype>
#include <iterator>

#include "base/text.h"
#include "calendar/date_formats.h"
#include "retention/error.h"
#include "retention/money.h"

namespace retention {
namespace {

bool Fits(const ExportLayout& layout, const std::vector<std::string>& header) {
  return std::all_of(layout.signature.begin(), layout.signature.end(),
                     [&](const ExportLayout::Names& n) { return FindHeaderName(header, n) >= 0; });
}

// The columns read with the amount column `amount` (a header name), or
// null when the layout pairs none with it.
const ExportLayout::AmountColumns* PairedColumns(const ExportLayout& layout,
                                                 const std::string& amount) {
  if (amount.empty()) return nullptr;
  const std::string key = NormalizeHeaderName(amount);
  for (const ExportLayout::AmountColumns& paired : layout.amount_columns) {
    if (NormalizeHeaderName(paired.amount) == key) return &paired;
  }
  return nullptr;
}

std::vector<ExportLayout> MakeLayouts() {
  std::vector<ExportLayout> all;

  // Shopify admin, Orders > Export: one row per line item; the order's
  // Financial Status, Currency, Total, Refunded Amount and Cancelled at on
  // its first row only.
  ExportLayout shopify;
  shopify.name = "shopify";
  shopify.title = "a Shopify order export";
  // The columns the rules read, no more: people delete the line-item
  // columns they do not need before sharing an export.
  shopify.signature = {{"Name"}, {"Email"}, {"Financial Status"}, {"Created at"}, {"Total"}};
  shopify.customer = {"Email"};
  shopify.order = {"Name"};
  shopify.date = {"Created at"};
  shopify.amount = {"Total"};
  shopify.currency = {"Currency"};
  shopify.left_out = {{{"Financial Status"}, {"voided", "expired"}}, {{"Cancelled at"}, {}}};
  shopify.refunded = {"Refunded Amount"};
  shopify.continuation_lines = true;
  shopify.whole_orders = true;
  shopify.rules =
      "voided, expired and cancelled orders left out, line items merged into their order";
  all.push_back(shopify);

  // Shopify's Admin API: order objects as a script or a data pipeline
  // saves them (the "orders" array of GET /orders.json, or one per line).
  // Refunds sit in a nested array, which is not read; current_total_price
  // is the total after them (and after edits), as Total less Refunded
  // Amount is in the export.
  ExportLayout shopify_api;
  shopify_api.name = "shopify-api";
  shopify_api.title = "Shopify API order objects";
  shopify_api.signature = {
      {"name"}, {"financial_status"}, {"created_at"}, {"total_price"}, {"current_total_price"}};
  shopify_api.customer = {"email"};
  shopify_api.customer_fallback = {"contact_email"};
  shopify_api.order = {"name"};
  shopify_api.date = {"created_at"};
  shopify_api.amount = {"current_total_price"};
  shopify_api.currency = {"currency"};
  shopify_api.left_out = {
      {{"financial_status"}, {"voided", "expired"}}, {{"cancelled_at"}, {}}, {{"test"}, {"true"}}};
  shopify_api.whole_orders = true;
  shopify_api.rules =
      "the total after refunds, which are dated with their order; voided, expired, cancelled "
      "and test orders left out";
  all.push_back(shopify_api);

  // Shopify's GraphQL Admin API: order objects of a bulk operation's JSONL,
  // whose money inside currentTotalPriceSet is a key of its own once
  // flattened (as the JSON reader does); their line items' objects follow
  // them. A guest's customer is null, the order's email is there.
  ExportLayout shopify_graphql;
  shopify_graphql.name = "shopify-graphql";
  shopify_graphql.title = "Shopify GraphQL order objects";
  shopify_graphql.signature = {{"name"},
                               {"createdAt"},
                               {"displayFinancialStatus"},
                               {"currentTotalPriceSet.shopMoney.amount"}};
  shopify_graphql.customer = {"email"};
  shopify_graphql.customer_fallback = {"customer.email"};
  shopify_graphql.order = {"name"};
  shopify_graphql.date = {"createdAt"};
  shopify_graphql.amount = {"currentTotalPriceSet.shopMoney.amount"};
  shopify_graphql.currency = {"currentTotalPriceSet.shopMoney.currencyCode"};
  shopify_graphql.left_out = {{{"displayFinancialStatus"}, {"voided", "expired"}},
                              {{"cancelledAt"}, {}},
                              {{"test"}, {"true"}}};
  shopify_graphql.child_key = {"__parentId"};
  shopify_graphql.whole_orders = true;
  shopify_graphql.rules =
      "the total after refunds, which are dated with their order; voided, expired, cancelled "
      "and test orders left out";
  all.push_back(shopify_graphql);

  // "Order Export & Order Import for WooCommerce" (the free plugin most
  // shops use; WooCommerce itself exports no orders): one row per order,
  // snake_case names. customer_email is the account's, empty for guests.
  ExportLayout woo;
  woo.name = "woocommerce";
  woo.title = "a WooCommerce order export";
  woo.signature = {{"order_id"}, {"order_date"}, {"status"}, {"order_total"}, {"billing_email"}};
  woo.customer = {"billing_email"};
  woo.customer_fallback = {"customer_email"};
  woo.order = {"order_id"};
  woo.date = {"order_date"};
  // An export of a row per order line (a line's amount beside the
  // order's fields) repeats order_total on each: its lines' amounts are
  // read, and its refund list counts once (RowParser).
  woo.amount = {"line_total", "order_total"};
  woo.currency = {"order_currency"};
  // The plugin writes statuses as shown ("failed"); exports of the raw
  // field have WooCommerce's own prefix ("wc-failed").
  woo.left_out = {
      {{"status"}, {"pending", "failed", "cancelled", "checkout-draft", "trash"}, "wc-"}};
  woo.refunded = {"refund_items"};
  woo.refunds_listed = true;
  woo.order_rows_together = true;
  woo.rules = "pending, failed, cancelled and draft orders left out";
  all.push_back(woo);

  // WooCommerce Analytics > Orders > Download: one row per order, and a
  // refund as a second row of the order with negative net sales, dated
  // when it was made. Customers are known by name only.
  ExportLayout analytics;
  analytics.name = "woocommerce-analytics";
  analytics.title = "a WooCommerce Analytics orders report";
  analytics.signature = {{"Order #"}, {"Date"}, {"Status"}, {"Customer"}, {"Net Sales"}};
  analytics.customer = {"Customer"};
  analytics.order = {"Order #"};
  analytics.date = {"Date"};
  analytics.amount = {"Net Sales"};
  analytics.left_out = {
      {{"Status"},
       {"pending", "pending payment", "failed", "cancelled", "checkout-draft", "draft"}}};
  analytics.rules = "pending, failed and cancelled orders left out, customers known by name";
  all.push_back(analytics);

  // BigCommerce, Orders > Export (the default template): one row per
  // order. A guest's Customer ID is 0, the same for every guest, so
  // customers are known by e-mail, as the store's own customer list knows
  // them.
  ExportLayout bigcommerce;
  bigcommerce.name = "bigcommerce";
  bigcommerce.title = "a BigCommerce order export";
  bigcommerce.signature = {{"Order ID"},   {"Customer ID"},  {"Customer Email"},
                           {"Order Date"}, {"Order Status"}, {"Order Total (inc tax)"}};
  bigcommerce.customer = {"Customer Email"};
  bigcommerce.order = {"Order ID"};
  bigcommerce.date = {"Order Date"};
  bigcommerce.amount = {"Order Total (inc tax)"};
  bigcommerce.currency = {"Order Currency Code"};
  // Incomplete: the shopper never came back from the payment page;
  // Pending: a checkout not finished; Awaiting Payment: no payment yet.
  bigcommerce.left_out = {
      {{"Order Status"}, {"incomplete", "pending", "awaiting payment", "cancelled", "declined"}}};
  bigcommerce.refunded = {"Refund Amount"};
  bigcommerce.whole_orders = true;
  bigcommerce.rules =
      "customers by e-mail (a guest's Customer ID is 0, every guest's); incomplete, pending, "
      "awaiting-payment, cancelled and declined orders left out";
  all.push_back(bigcommerce);

  // Magento / Adobe Commerce admin, Sales > Orders > Export CSV (the order
  // grid): one row per order. A Closed order is one refunded by a credit
  // memo: it stays, less its Total Refunded.
  ExportLayout magento;
  magento.name = "magento";
  magento.title = "a Magento order grid export";
  magento.signature = {
      {"ID"}, {"Purchase Date"}, {"Grand Total (Purchased)"}, {"Status"}, {"Customer Email"}};
  magento.customer = {"Customer Email"};
  magento.order = {"ID"};
  magento.date = {"Purchase Date"};
  // What the customer paid, in the order's currency, as Total Refunded is.
  magento.amount = {"Grand Total (Purchased)"};
  magento.left_out = {{{"Status"}, {"canceled", "cancelled", "pending payment"}}};
  magento.refunded = {"Total Refunded"};
  magento.whole_orders = true;
  magento.rules = "canceled and pending-payment orders left out";
  all.push_back(magento);

  // Amazon Seller Central, Reports > Fulfillment > All Orders (a
  // tab-separated flat file): one row per item of an order, item-price the
  // item's whole price (quantity included), not one unit's.
  ExportLayout amazon;
  amazon.name = "amazon";
  amazon.title = "an Amazon Seller Central orders report";
  amazon.signature = {{"amazon-order-id"}, {"purchase-date"}, {"order-status"}, {"item-price"}};
  amazon.customer = {"buyer-email"};
  amazon.order = {"amazon-order-id"};
  amazon.date = {"purchase-date"};
  amazon.amount = {"item-price"};
  amazon.currency = {"currency"};
  // Pending: not charged yet, its prices often empty; an item cancelled
  // within an order that shipped.
  amazon.left_out = {{{"order-status"}, {"cancelled", "canceled", "pending"}},
                     {{"item-status"}, {"cancelled", "canceled"}}};
  amazon.rules =
      "item-price is an item's whole price, quantity included; promotion discounts are not "
      "taken off; cancelled and pending orders, and cancelled items, left out";
  all.push_back(amazon);

  // Stripe Dashboard, Payments > Export (payments.csv, unified_payments.csv):
  // one row per charge, amounts in major units. An account charging in
  // several currencies has them summable only as converted into its own.
  ExportLayout stripe;
  stripe.name = "stripe";
  stripe.title = "a Stripe payments export";
  stripe.signature = {
      {"id"}, {"Created (UTC)", "Created date (UTC)"}, {"Amount"}, {"Amount Refunded"}, {"Status"}};
  stripe.customer = {"Customer ID"};
  stripe.customer_fallback = {"Customer Email"};
  stripe.by_email = "--customer-col 'Customer Email' counts people by e-mail";
  stripe.order = {"id"};
  stripe.date = {"Created (UTC)", "Created date (UTC)"};
  stripe.amount = {"Converted Amount", "Amount"};
  stripe.currency = {"Currency"};
  stripe.left_out = {
      {{"Status"},
       {"failed", "canceled", "cancelled", "blocked", "incomplete", "pending",
        "requires_payment_method", "requires_confirmation", "requires_action", "requires_capture"}},
      // FALSE as spreadsheets in German, French, Spanish, Italian and
      // Dutch save it.
      {{"Captured"}, {"false", "falsch", "faux", "falso", "onwaar"}},
      {{"Mode"}, {"test"}}};
  stripe.refunded = {"Amount Refunded"};
  stripe.amount_columns = {{"Converted Amount", "Converted Amount Refunded", "Converted Currency"},
                           {"Amount", "Amount Refunded", "Currency"}};
  stripe.whole_orders = true;
  stripe.rules = "failed, canceled, uncaptured and test payments left out";
  all.push_back(stripe);

  // Stripe's API: charge objects as `stripe charges list` or a script
  // saves them (the page's "data" array, or one object per line). Amounts
  // are in the currency's smallest unit, dates Unix seconds; a guest's
  // charge has no customer but may have a receipt e-mail.
  ExportLayout api;
  api.name = "stripe-api";
  api.title = "Stripe API charge objects";
  api.signature = {{"object"},  {"amount"},   {"amount_refunded"},
                   {"created"}, {"currency"}, {"status"}};
  api.customer = {"customer"};
  api.customer_fallback = {"receipt_email"};
  // receipt_email is on some charges only: no flag counts people by it.
  api.by_email =
      "a Payments export counts people by e-mail (--customer-col 'Customer Email'); the API's "
      "receipt_email is on some charges only";
  api.order = {"id"};
  api.date = {"created"};
  // Its amount, not amount_captured: what a partial capture did not take
  // is refunded (amount_refunded), as a charge left uncaptured is when
  // its authorization expires.
  api.amount = {"amount"};
  api.currency = {"currency"};
  // A refund or payment intent listed among the charges: its money is in
  // its charge already.
  api.left_out = {{{"status"}, {"failed", "pending"}},
                  {{"captured"}, {"false"}},
                  {{"livemode"}, {"false"}},
                  {{"object"}, {"charge"}, {}, {}, /*unless=*/true}};
  api.refunded = {"amount_refunded"};
  api.minor_units = true;
  api.whole_orders = true;
  api.rules =
      "amounts in the currency's smallest unit (1099 is 10.99 USD, 500 is 500 JPY); failed, "
      "pending, uncaptured and test-mode charges left out, and objects other than charges";
  all.push_back(api);

  // Lemon Squeezy's API: order objects (GET /v1/orders), their attributes
  // as they are or inside the JSON:API envelope (read as
  // "attributes.total", the JSON reader's path to them). Money is in
  // cents, and the same as text beside it: total 1199, total_formatted
  // "$11.99".
  ExportLayout lemon;
  lemon.name = "lemonsqueezy-api";
  lemon.title = "Lemon Squeezy API order objects";
  lemon.signature = {{"order_number", "attributes.order_number"},
                     {"created_at", "attributes.created_at"},
                     {"status", "attributes.status"},
                     {"total", "attributes.total"},
                     {"total_formatted", "attributes.total_formatted"},
                     {"total_usd", "attributes.total_usd"}};
  lemon.customer = {"customer_id", "attributes.customer_id"};
  lemon.customer_fallback = {"user_email", "attributes.user_email"};
  lemon.order = {"order_number", "attributes.order_number"};
  lemon.date = {"created_at", "attributes.created_at"};
  lemon.amount = {"total", "attributes.total"};
  lemon.currency = {"currency", "attributes.currency"};
  lemon.left_out = {{{"status", "attributes.status"}, {"pending", "failed", "fraudulent"}},
                    {{"test_mode", "attributes.test_mode"}, {"true"}}};
  lemon.refunded = {"refunded_amount", "attributes.refunded_amount"};
  lemon.minor_units = true;
  lemon.whole_orders = true;
  lemon.rules =
      "amounts in cents (1199 is 11.99 USD), refunds dated with their order; pending, failed, "
      "fraudulent and test-mode orders left out";
  all.push_back(lemon);

  // Invoice lines: the UCI Online Retail data sets (I and II) and the
  // exports shaped like them. Cancellations are invoices "C536379" with a
  // negative quantity: quantity x price makes them refunds.
  ExportLayout retail;
  retail.name = "online-retail";
  retail.title = "an invoice-line export (Online Retail)";
  retail.signature = {{"InvoiceNo", "Invoice"}, {"StockCode"},          {"Quantity"},
                      {"InvoiceDate"},          {"UnitPrice", "Price"}, {"CustomerID"}};
  retail.customer = {"CustomerID"};
  retail.order = {"InvoiceNo", "Invoice"};
  retail.date = {"InvoiceDate"};
  retail.quantity = {"Quantity"};
  retail.price = {"UnitPrice", "Price"};
  retail.month_first = true;
  retail.numeric_customers = true;
  retail.rules =
      "amounts are quantity x price, cancellations (negative quantities) are refunds, rows "
      "without a customer left out";
  all.push_back(retail);
  return all;
}

// Any other order file with a column of each row's status or kind (a
// shop's own export, an ERP's invoice lines): a row it marks cancelled,
// voided or failed is no sale, a credit note or return is a refund, as a
// person reading the file takes them. Chosen when no known export fits
// and the header has one of these columns (for JSON, whose keys vary by
// object: whenever no known export fits); --layout none reads every row
// as a sale.
ExportLayout MakeStatusRules() {
  ExportLayout l;
  l.title = "an order file with a status or type column";
  // The words of shops' own exports, of payment processors (PayPal's
  // denied, Chargebee's failure), carts (BigCommerce's incomplete) and
  // billing systems (Stripe's uncollectible; drafts, deleted and Odoo's
  // cancel: invoices never issued, or taken back).
  const std::vector<std::string_view> english = {
      "cancelled", "canceled", "cancel", "void", "voided", "failed", "failure", "payment failed",
      "declined", "denied", "error", "expired", "incomplete", "uncollectible", "draft", "deleted",
      // A payment that failed or was stopped as fraud (PrestaShop's
      // "Payment error", Lemon Squeezy's "fraudulent").
      "payment error", "fraudulent", "blocked"};
  // The same in German, French, Spanish, Italian and Dutch.
  const std::vector<std::string_view> translated = {
      "storniert", "storno", "annulliert", "fehlgeschlagen", "abgelehnt", "entwurf", "gelöscht",
      "annulé", "annulée", "annule", "annulee", "échoué", "refusé", "brouillon", "supprimé",
      "supprimée", "cancelado", "cancelada", "anulado", "anulada", "fallido", "rechazado",
      "borrador", "eliminado", "annullato", "annullata", "fallito", "rifiutato", "bozza",
      "eliminato", "geannuleerd", "mislukt", "verwijderd", "zahlungsfehler", "erreur de paiement",
      "error de pago", "error en el pago", "errore di pagamento", "errore nel pagamento",
      "betalingsfout", "erro de pagamento", "erro no pagamento",
      // Portuguese, Swedish, Danish, Norwegian and Finnish.
      "recusado", "recusada", "falhou", "expirado", "expirada", "annullerad", "makulerad",
      "avbruten", "misslyckad", "annulleret", "mislykket", "annullert", "kansellert", "avbrutt",
      "peruttu", "peruutettu", "hylätty", "epäonnistui",
      // Polish, Czech and Slovak, Hungarian, Romanian, Turkish, Russian,
      // Ukrainian and Greek (letters past ASCII in each case written).
      "anulowane", "anulowany", "anulowana", "anulowano", "odrzucone", "nieudane", "zrušeno",
      "zrušená", "zrušený", "zrušené", "zrušena", "stornováno", "stornována", "törölve",
      "visszavonva", "sikertelen", "elutasítva", "anulat", "anulată", "anulata", "iptal",
      "iptal edildi", "İptal", "İptal edildi", "başarısız", "reddedildi", "отменён", "Отменён",
      "отменен", "Отменен", "отменено", "Отменено", "отменена", "Отменена", "скасовано",
      "Скасовано", "ακυρώθηκε", "Ακυρώθηκε", "ακυρωμένη", "Ακυρωμένη",
      // In capitals: the letters past Latin-1 have no case folded.
      "ОТМЕНЁН", "ОТМЕНЕН", "ОТМЕНЕНО", "ОТМЕНЕНА", "СКАСОВАНО", "ΑΚΥΡΩΘΗΚΕ", "ΑΚΥΡΩΜΕΝΗ",
      // Turkish capitals: I and İ are the capitals of ı and i.
      "BAŞARISIZ", "REDDEDİLDİ"};
  std::vector<std::string_view> no_sale(english.begin(), english.end());
  no_sale.insert(no_sale.end(), translated.begin(), translated.end());
  // A billing system's invoice whose collection failed (Chargebee's
  // status). As a payment status it is an issued invoice not yet paid
  // (Odoo's), a sale.
  std::vector<std::string_view> no_sale_status = no_sale;
  no_sale_status.push_back("not paid");
  // A cancellation in more words: "Cancelled by buyer", "Venta cancelada"
  // (a marketplace's); not the other words ("Refund failed" was a sale).
  const std::vector<std::string_view> cancelled_within = {
      "cancelled", "canceled",   "voided",     "storniert",  "storno",       "annulliert",
      "annulé",    "annulée",    "annule",     "annulee",    "cancelado",    "cancelada",
      "anulado",   "anulada",    "annullato",  "annullata",  "geannuleerd",  "annullerad",
      "makulerad", "annulleret", "annullert",  "kansellert", "peruttu",      "peruutettu",
      "anulowane", "anulowany",  "anulowana",  "anulowano",  "zrušeno",      "zrušená",
      "zrušený",   "zrušené",    "stornováno", "törölve",    "visszavonva",  "anulat",
      "anulată",   "anulata",    "iptal",      "\u0131ptal", "iptal edildi", "\u0131ptal edildi",
      "zrušena",   "stornována", "отменён",    "Отменён",    "отменен",      "Отменен",
      "отменено",  "Отменено",   "отменена",   "Отменена",   "скасовано",    "Скасовано",
      "ακυρώθηκε", "Ακυρώθηκε",  "ακυρωμένη",  "Ακυρωμένη",  "ОТМЕНЁН",      "ОТМЕНЕН",
      "ОТМЕНЕНО",  "ОТМЕНЕНА",   "СКАСОВАНО",  "ΑΚΥΡΩΘΗΚΕ",  "ΑΚΥΡΩΜΕΝΗ"};
  // What the notes say, from the lists (the layout lives as long as the
  // process: StatusRules keeps it).
  auto said = [&](bool not_paid) {
    std::vector<std::string> words(english.begin(), english.end());
    if (not_paid) words.insert(std::find(words.begin(), words.end(), "incomplete"), "not paid");
    return ListWithOr(words) +
           " (or the same in another European language or Turkish; a cancellation also "
           "first or last in a longer value: Cancelled by buyer)";
  };
  static const std::string kNoSalePaymentSaid = said(false);
  static const std::string kNoSaleSaid = said(true);
  // A payment's status and an order's are read both: either may say
  // there was no sale.
  l.left_out = {
      {{"payment status", "financial status", "transaction status", "payment state",
        "zahlungsstatus", "statut du paiement", "estado del pago", "stato pagamento",
        "betaalstatus", "status do pagamento", "estado do pagamento", "situação do pagamento",
        "betalningsstatus", "betalingsstatus", "maksun tila",
        "transactions.stateMachineState.technicalName"},
       no_sale,
       {},
       kNoSalePaymentSaid,
       false,
       cancelled_within},
      // And as exports in those languages name the column; an invoice's
      // or a posted document's status as accounting systems name it.
      // The names that say an order's or an invoice's status before the
      // bare words: a Brazilian export's "Estado" beside "Status do
      // pedido" is the customer's state (SP, RJ).
      {{"order status", "invoice status", "order state", "bestellstatus", "statut de la commande",
        "estado del pedido", "estado de la orden", "estado de orden", "estado de la venta",
        "estado de la compra", "status do pedido", "estado do pedido", "situação do pedido",
        "ordrestatus", "tilauksen tila", "статус заказа", "Статус заказа", "sipariş durumu",
        "stan zamówienia", "status zamówienia", "stav objednávky", "rendelés állapota",
        "Rendelés állapota", "starea comenzii", "stato ordine", "bestelstatus",
        // Shopware's order export: the order's state, its payment's below.
        "stateMachineState.technicalName", "document status", "invoice state", "document state",
        "belegstatus", "rechnungsstatus", "statut de la facture", "estado de la factura",
        "stato fattura", "factuurstatus", "status", "statut", "estado", "situação", "статус",
        "Статус", "durum", "stav", "állapot", "Állapot", "κατάσταση", "Κατάσταση", "stato", "état",
        "etat"},
       no_sale_status,
       {},
       kNoSaleSaid,
       false,
       cancelled_within},
      {{"cancelled at", "canceled at", "cancelled date", "canceled date", "cancellation date",
        "date cancelled", "date canceled"},
       {}},
      {{"cancelled", "canceled", "voided", "is cancelled", "is canceled", "storniert", "annulé",
        "annulée", "cancelado", "annullato", "geannuleerd"},
       // TRUE and yes as spreadsheets in those languages save them too.
       {"true", "yes", "y", "1", "wahr", "ja", "vrai", "oui", "verdadero", "vero", "waar"},
       {},
       "true, yes, y or 1 (or the same in German, French, Spanish, Italian or Dutch), or a "
       "date",
       false,
       {},
       true}};
  // No refunded-amount column: files of order lines repeat an order's
  // fields on each line, and its refund would count once per line.
  const std::vector<std::string_view> credits = {
      "credit note", "creditnote", "credit memo", "creditmemo", "refund", "return",
      // German, French, Spanish/Portuguese, Italian, Dutch.
      "gutschrift", "stornorechnung", "rechnungskorrektur", "avoir", "note de crédit",
      "nota de crédito", "nota de credito", "nota di credito", "creditnota", "creditfactuur",
      // Xero's type of a sales credit note.
      "accreccredit"};
  l.credit = {{"type", "document type", "doc type", "transaction type", "invoice type",
               "record type", "belegart", "belegtyp", "type de document", "type de pièce",
               "tipo de documento", "tipo documento", "documenttype", "factuurtype",
               // Odoo's invoices (account.move): out_invoice, out_refund.
               "move type"},
              credits,
              {},
              "credit note, credit memo, refund or return, alone or first or last in a longer "
              "value (Sales credit note, A/R Credit Memo, out_refund), or the same in German, "
              "French, Spanish, Italian or Dutch",
              false,
              credits};
  return l;
}

// A price column named just "price", in any language the names are found
// in: as often the whole line's price as one unit's.
bool OneOfPlainPrices(std::string_view normalized) {
  static constexpr std::string_view kPlain[] = {"price",  "preis", "precio", "preço", "prix",
                                                "prezzo", "prijs", "pris",   "hinta", "cena"};
  return std::find(std::begin(kPlain), std::end(kPlain), normalized) != std::end(kPlain);
}

// The signature columns of `layout` that `header` lacks: "\"a\", \"b\"".
std::string MissingColumns(const ExportLayout& layout, const std::vector<std::string>& header) {
  std::string missing;
  for (const ExportLayout::Names& n : layout.signature) {
    if (FindHeaderName(header, n) >= 0) continue;
    missing += (missing.empty() ? "\"" : ", \"") + std::string(n[0]) + "\"";
  }
  return missing;
}

const ExportLayout& LayoutNamed(std::string_view name) {
  return *std::find_if(ExportLayouts().begin(), ExportLayouts().end(),
                       [&](const ExportLayout& l) { return l.name == name; });
}

// Near misses of the API layouts, which read as any other file would give
// wrong money: objects of Stripe's API (every one has "object" and
// "created") that are not whole charges (payment intents, invoices,
// refunds, charges cut down), whose amounts in the smallest unit would be
// a hundred times too large; Shopify orders of API versions without the
// total after refunds, whose refunds would count as sales.
void RefuseNearMisses(const std::vector<std::string>& header, const std::string& file) {
  auto has = [&](std::string_view key) { return FindHeaderName(header, {key}) >= 0; };
  if (has("object") && has("created") && (has("livemode") || has("currency"))) {
    throw DataError(Location{file, 1, 0},
                    "these look like objects of Stripe's API (keys \"object\" and \"created\"), "
                    "whose amounts are in the currency's smallest unit; charge objects are read "
                    "so, but these lack " +
                        MissingColumns(LayoutNamed("stripe-api"), header) +
                        " (payment intents, invoices and refunds are not read: their money is "
                        "in the charges); list the charges whole (stripe charges list)");
  }
  // Shopify's GraphQL Admin API (a bulk operation's JSONL): an older
  // query's totalPriceSet is before refunds.
  if (has("name") && has("createdAt") && has("displayFinancialStatus")) {
    throw DataError(Location{file, 1, 0},
                    "these look like order objects of Shopify's GraphQL Admin API, but lack " +
                        MissingColumns(LayoutNamed("shopify-graphql"), header) +
                        ", the total after refunds (totalPriceSet is before them): add "
                        "currentTotalPriceSet { shopMoney { amount currencyCode } } to the query");
  }
  if (has("name") && has("financial_status") && has("created_at") && has("total_price")) {
    throw DataError(Location{file, 1, 0},
                    "these look like order objects of Shopify's API (keys name, "
                    "financial_status, total_price), but lack " +
                        MissingColumns(LayoutNamed("shopify-api"), header) +
                        ", the total after refunds, as older API versions write them: their "
                        "refunds, in the nested \"refunds\", cannot be read, and total_price "
                        "would count refunded money as sales; fetch the orders with a current "
                        "API version, or export them from the Shopify admin (Orders > Export)");
  }
}

}  // namespace

// Whether `header` has a column of the status rules.
bool HasStatusColumn(const std::vector<std::string>& header) {
  const ExportLayout& l = StatusRules();
  for (const ExportLayout::LeftOutWhen& when : l.left_out) {
    if (FindHeaderName(header, when.column) >= 0) return true;
  }
  return FindHeaderName(header, l.credit.column) >= 0;
}

const ExportLayout& StatusRules() {
  static const ExportLayout rules = MakeStatusRules();
  return rules;
}

bool IsStatusRules(const ExportLayout* layout) { return layout == &StatusRules(); }

bool UsesRuleColumns(const ColumnIndices& columns) {
  return std::any_of(std::begin(columns.left_out), std::end(columns.left_out),
                     [](int index) { return index >= 0; }) ||
         columns.refunded >= 0 || columns.credit >= 0;
}

const std::vector<ExportLayout>& ExportLayouts() {
  static const std::vector<ExportLayout> layouts = MakeLayouts();
  return layouts;
}

std::vector<std::string> KnownLayouts() {
  std::vector<std::string> names;
  for (const ExportLayout& l : ExportLayouts()) names.emplace_back(l.name);
  return names;
}

std::string LayoutNames() {
  std::string out;
  for (const ExportLayout& l : ExportLayouts()) out += std::string(l.name) + ", ";
  return out + "none";
}

const ExportLayout* ChooseLayout(std::string_view name, const std::vector<std::string>& header,
                                 const std::string& file) {
  if (name == "none") return nullptr;
  if (name.empty()) {
    for (const ExportLayout& l : ExportLayouts()) {
      if (Fits(l, header)) return &l;
    }
    RefuseNearMisses(header, file);
    return HasStatusColumn(header) ? &StatusRules() : nullptr;
  }
  for (const ExportLayout& l : ExportLayouts()) {
    if (l.name != name) continue;
    const std::string missing = MissingColumns(l, header);
    if (!missing.empty()) {
      throw DataError(Location{file, 1, 0},
                      "--layout " + std::string(name) + " needs the columns of " +
                          std::string(l.title) + "; the header lacks " + missing +
                          " (it has: " + JoinHeader(header) +
                          "); leave --layout out, or map the columns with --customer-col, "
                          "--date-col and --amount-col");
    }
    return &l;
  }
  throw DataError(Location{file, 0, 0}, "unknown --layout \"" + InputExcerpt(name, 40) +
                                            "\"; the layouts are " + LayoutNames());
}

ColumnMapping LayoutMapping(const ExportLayout& layout, const ColumnMapping& given,
                            const std::vector<std::string>& header) {
  ColumnMapping m = given;
  auto take = [&](std::string* role, const ExportLayout::Names& names) {
    if (!role->empty() || names.empty()) return;
    int i = FindHeaderName(header, names);
    if (i >= 0) *role = header[static_cast<size_t>(i)];
  };
  auto has = [&](std::string_view name) { return FindHeaderName(header, {name}) >= 0; };
  take(&m.customer, layout.customer);
  take(&m.order, layout.order);
  take(&m.date, layout.date);
  if (given.amount.empty() && given.quantity.empty() && given.price.empty()) {
    // The first amount column whose refunds and currency are there too.
    for (std::string_view name : layout.amount) {
      const ExportLayout::AmountColumns* paired = PairedColumns(layout, std::string(name));
      if (paired != nullptr && !(has(paired->refunded) && has(paired->currency))) continue;
      take(&m.amount, {name});
    }
    take(&m.quantity, layout.quantity);
    take(&m.price, layout.price);
  }
  // --amount-col 6 is the sixth column's name here.
  std::string amount = m.amount;
  if (IsColumnNumber(amount)) {
    const size_t index = static_cast<size_t>(ColumnIndex("--amount-col", amount));
    amount = index < header.size() ? header[index] : "";
  }
  const ExportLayout::AmountColumns* paired = PairedColumns(layout, amount);
  if (paired != nullptr) {
    // --amount-col 'Converted Amount' without the refunds or currency in
    // its currency: the other ones would be read beside it.
    auto missing = [&](std::string_view partner, const ExportLayout::Names& others) {
      const int other = FindHeaderName(header, others);
      if (has(partner) || other < 0) return;
      throw UsageError("--amount-col " + InputExcerpt(amount, 40) + ": the export has no " +
                       std::string(partner) + " column to read with it, and " +
                       InputExcerpt(header[static_cast<size_t>(other)], 40) +
                       " goes with another amount column; export " + std::string(partner) +
                       " too, or read another amount column");
    };
    missing(paired->refunded, layout.refunded);
    if (m.currency.empty()) missing(paired->currency, layout.currency);
    take(&m.currency, {paired->currency});
  }
  take(&m.currency, layout.currency);
  return m;
}

void AddLayoutColumns(const ExportLayout& layout, const std::vector<std::string>& header,
                      ColumnIndices* columns) {
  columns->layout = &layout;
  for (size_t r = 0; r < layout.left_out.size() && r < kLayoutRules; ++r) {
    columns->left_out[r] = FindHeaderName(header, layout.left_out[r].column);
  }
  // Refunds beside the amount column read, never in another currency.
  const ExportLayout::AmountColumns* paired =
      columns->amount >= 0 ? PairedColumns(layout, header[static_cast<size_t>(columns->amount)])
                           : nullptr;
  columns->refunded = paired != nullptr ? FindHeaderName(header, {paired->refunded})
                                        : FindHeaderName(header, layout.refunded);
  columns->credit = FindHeaderName(header, layout.credit.column);
  columns->customer_fallback = FindHeaderName(header, layout.customer_fallback);
  // --customer-col naming the fallback itself: there is nothing else.
  if (columns->customer_fallback == columns->customer) columns->customer_fallback = -1;
}

std::string DescribeLayout(const ExportLayout& layout, const std::vector<std::string>& header,
                           const ColumnIndices& columns) {
  auto name = [&](int index) {
    return index >= 0 && static_cast<size_t>(index) < header.size()
               ? InputExcerpt(header[static_cast<size_t>(index)], 40)
               : std::string("(none)");
  };
  std::string out =
      "read as " + std::string(layout.title) + ": customers by " + name(columns.customer);
  if (columns.customer_fallback >= 0) out += " (else " + name(columns.customer_fallback) + ")";
  if (columns.order >= 0) out += ", orders by " + name(columns.order);
  out += ", dates from " + name(columns.date);
  out += columns.amount >= 0 ? ", amounts from " + name(columns.amount)
         : columns.quantity >= 0 || columns.price >= 0
             ? ", amounts as " + name(columns.quantity) + " x " + name(columns.price)
             : ", no amount column";
  if (columns.refunded >= 0) {
    out += ", refunds from " + name(columns.refunded);
  } else if (!layout.refunded.empty()) {
    // Orders marked refunded then count in full: say so, not nothing.
    out +=
        ", no " + std::string(layout.refunded.front()) + " column, so refunds are not subtracted";
  }
  if (!layout.rules.empty()) return out + "; " + std::string(layout.rules);
  // The status rules: what each column found does, with its values.
  auto values = [](const ExportLayout::LeftOutWhen& when) {
    if (!when.said.empty()) return " " + std::string(when.said);
    if (when.values.empty()) return std::string(" filled in");
    std::string list;
    for (size_t i = 0; i < when.values.size(); ++i) {
      list += (i == 0                        ? " "
               : i + 1 == when.values.size() ? " or "
                                             : ", ") +
              std::string(when.values[i]);
    }
    return list;
  };
  for (size_t r = 0; r < layout.left_out.size() && r < kLayoutRules; ++r) {
    if (columns.left_out[r] < 0) continue;
    out += "; rows with " + name(columns.left_out[r]) + values(layout.left_out[r]) + " left out";
  }
  if (columns.credit >= 0) {
    out += "; rows with " + name(columns.credit) + values(layout.credit) + " read as refunds";
  }
  return out;
}

std::vector<std::string> HowReadNotes(const std::string& file,
                                      const std::vector<std::string>& header,
                                      const ExportLayout* known, const ColumnIndices& columns) {
  std::vector<std::string> notes;
  // The status rules with no customer, date or amount column found say
  // nothing of how the file is read: the error that follows says what
  // is missing ("customers by (none), dates from (none)" before it only
  // confused).
  const bool nothing_found = IsStatusRules(known) && columns.customer < 0 &&
                             columns.customer_fallback < 0 && columns.date < 0 &&
                             columns.amount < 0 && !columns.multiply();
  if (known != nullptr && !nothing_found) {
    notes.push_back(file + ": " + DescribeLayout(*known, header, columns));
  }
  for (int index : {columns.amount, columns.price}) {
    if (index >= 0 && static_cast<size_t>(index) < header.size() &&
        NamesCents(header[static_cast<size_t>(index)])) {
      notes.push_back(CentsNote(file, header[static_cast<size_t>(index)]));
    }
  }
  // --by Currency on Stripe's converted amounts: segments by the charges'
  // currencies, with money in the account's.
  auto name = [&](int index) {
    return index >= 0 && static_cast<size_t>(index) < header.size()
               ? header[static_cast<size_t>(index)]
               : std::string();
  };
  if (known != nullptr && columns.segment >= 0 && columns.segment != columns.currency) {
    for (const ExportLayout::AmountColumns& paired : known->amount_columns) {
      if (FindHeaderName({name(columns.segment)}, {paired.currency}) < 0 ||
          FindHeaderName({name(columns.amount)}, {paired.amount}) >= 0) {
        continue;
      }
      notes.push_back(file + ": segments by " + InputExcerpt(name(columns.segment), 40) +
                      ", a currency, hold amounts from " + InputExcerpt(name(columns.amount), 40) +
                      (columns.currency >= 0 ? ", in " + InputExcerpt(name(columns.currency), 40)
                                             : std::string()) +
                      ", not in their own currency");
    }
  }
  if (columns.gross_amount >= 0 && columns.amount >= 0) {
    const std::string gross = InputExcerpt(name(columns.gross_amount), 40);
    notes.push_back(file + ": revenue is read from column \"" +
                    InputExcerpt(name(columns.amount), 40) + "\", before tax; \"" + gross +
                    "\" beside it includes tax: --amount-col " + ShellWord(gross) +
                    " reads that instead");
  }
  if (known == nullptr || IsStatusRules(known)) {
    const std::string status = UnreadStatusColumn(header, columns);
    if (!status.empty()) notes.push_back(UnreadStatusNote(file, status));
    // A column named just "price" may be the line's total (a payment
    // service's webhook, a marketplace's order report) as often as one
    // unit's price: the product is no silent guess.
    if (columns.amount < 0 && columns.quantity >= 0 && columns.price >= 0 &&
        OneOfPlainPrices(NormalizeHeaderName(name(columns.price)))) {
      const std::string price = InputExcerpt(name(columns.price), 40);
      notes.push_back(file + ": amounts are " + InputExcerpt(name(columns.quantity), 40) + " x " +
                      price + ", " + price + " read as the price of one unit; if it is the " +
                      "whole line's, give --amount-col " + ShellWord(name(columns.price)));
    }
    // Quantity x price is before any discount: a discount column beside
    // them is not taken off.
    if (columns.multiply()) {
      const int discount = FindHeaderName(
          header,
          {"discount",     "discounts",  "discount amount",  "line discount", "total discount",
           "discount (%)", "discount %", "discount percent", "discount rate", "rabatt (%)",
           "rabatt %",     "remise (%)", "remise %",         "rabatt",        "nachlass",
           "remise",       "réduction",  "korting",          "descuento",     "sconto",
           "desconto"});
      if (discount >= 0) {
        notes.push_back(
            file + ": column \"" + InputExcerpt(header[static_cast<size_t>(discount)], 40) +
            "\" is not taken off: amounts are " + InputExcerpt(name(columns.quantity), 40) + " x " +
            InputExcerpt(name(columns.price), 40) +
            " as written; if a line's discount belongs off its amount, give a "
            "column of the amounts after it (--amount-col)");
      }
    }
  }
  return notes;
}

namespace {

// Byte i of `s` in lower case, ignoring case: ASCII, and UTF-8's capitals
// with accents ("ANNULÉ" is "annulé": À to Þ, but ×, follow 0xC3 and are
// their small letters less 0x20).
char FoldedByte(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  const auto lead = i > 0 ? static_cast<unsigned char>(s[i - 1]) : 0;
  if (lead == 0xC3 && c >= 0x80 && c <= 0x9E && c != 0x97) return static_cast<char>(c + 0x20);
  // Latin Extended-A (Š, Ă, Ş, Ł: Central European and Turkish capitals),
  // each capital one below its small letter; Ŀ, whose small letter has
  // another lead byte, is left as it is.
  if ((lead == 0xC4 || lead == 0xC5) && c >= 0x80 && c <= 0xBF) {
    const int code = (lead - 0xC4) * 64 + 0x100 + (c - 0x80);
    const bool capital = (code <= 0x137 && code % 2 == 0) ||
                         (code >= 0x139 && code <= 0x147 && code % 2 == 1) ||
                         (code >= 0x14A && code <= 0x177 && code % 2 == 0) ||
                         (code >= 0x179 && code <= 0x17E && code % 2 == 1);
    if (capital && c < 0xBF) return static_cast<char>(c + 1);
  }
  return ToLower(s[i]);
}

// Letters, digits and the bytes of UTF-8 letters make words; anything
// else ("_", "/", "-", spaces) is between them.
bool InWord(char c) {
  const auto b = static_cast<unsigned char>(c);
  return b >= 0x80 || std::isalnum(b);
}

// The end of `phrase` (words in lower case, one space apart) read in
// `text` from `at`, a word's start, as whole words; npos when it is not
// there. In place: this runs on rows that match no value exactly.
size_t PhraseEnd(std::string_view text, size_t at, std::string_view phrase) {
  size_t t = at;
  for (size_t p = 0; p < phrase.size(); ++p) {
    if (phrase[p] == ' ') {
      if (t >= text.size() || InWord(text[t])) return std::string_view::npos;
      while (t < text.size() && !InWord(text[t])) ++t;
      continue;
    }
    if (t >= text.size() || FoldedByte(text, t) != phrase[p]) return std::string_view::npos;
    ++t;
  }
  return t < text.size() && InWord(text[t]) ? std::string_view::npos : t;
}

// Words that take a phrase's meaning back or make it another thing:
// "Not cancelled", "Partially cancelled", "Un-cancelled", "Refund
// Reversal", "refund_failure", "Refund declined", "Return Shipping Fee",
// "Credit Note Request"; and the other rule's words: a "Refund cancelled"
// is no refund, nor the sale it was of cancelled. The phrase's own words
// do not count.
bool HasQualifier(std::string_view text, std::string_view phrase) {
  static constexpr std::string_view kQualifiers[] = {
      "not", "no", "non", "nicht", "un", "partially", "partial", "part", "teilweise", "teil",
      "partiellement", "partiel", "partielle", "parcialmente", "parcial", "parzialmente",
      "parziale", "gedeeltelijk", "reversal", "reversed", "failure", "failed", "declined", "denied",
      "fee", "fees", "shipping", "request", "requested", "rejected", "pending", "allocation",
      "eligible", "free", "refund", "return", "chargeback", "dispute", "cancelled", "canceled",
      // A charge named after a return: its postage, label, handling.
      "postage", "label", "handling", "processing",
      // Not and partly in the other languages of the status words (the
      // Turkish negation is a suffix: edilmedi, not cancelled).
      "niet", "nie", "ikke", "inte", "ei", "não", "nao", "nu", "nem", "edilmedi", "не", "Не", "НЕ",
      "δεν", "Δεν", "ΔΕΝ", "częściowo", "částečně", "čiastočne", "delvis", "osittain", "részben",
      "kısmen", "parțial", "частично", "Частично", "частково", "Частково", "μερικώς", "Μερικώς"};
  auto in_phrase = [&](std::string_view word) {
    for (size_t i = 0; i < phrase.size();) {
      const size_t end = std::min(phrase.find(' ', i), phrase.size());
      if (EqualsIgnoreCase(word, phrase.substr(i, end - i))) return true;
      i = end + 1;
    }
    return false;
  };
  for (size_t i = 0; i < text.size();) {
    while (i < text.size() && !InWord(text[i])) ++i;
    size_t end = i;
    while (end < text.size() && InWord(text[end])) ++end;
    const std::string_view word = text.substr(i, end - i);
    for (std::string_view q : kQualifiers) {
      if (EqualsIgnoreCase(word, q) && !in_phrase(word)) return true;
    }
    i = end;
  }
  return false;
}

// Whether the phrase at `at` is taken back by the word right before it
// ("Never cancelled") or by the value's first word ("Reinstated (was
// cancelled)"); not by such words elsewhere: "Cancelled - customer never
// responded" is a cancellation.
bool TakenBack(std::string_view text, size_t first, size_t at) {
  auto word_at = [&](size_t i) {
    size_t end = i;
    while (end < text.size() && InWord(text[end])) ++end;
    return text.substr(i, end - i);
  };
  size_t before = at;
  while (before > first && !InWord(text[before - 1])) --before;
  size_t start = before;
  while (start > first && InWord(text[start - 1])) --start;
  if (start < before && EqualsIgnoreCase(text.substr(start, before - start), "never")) return true;
  const std::string_view lead = word_at(first);
  return first < at &&
         (EqualsIgnoreCase(lead, "reinstated") || EqualsIgnoreCase(lead, "reactivated") ||
          EqualsIgnoreCase(lead, "restored"));
}

// Whether one of `phrases` is the first or the last words of `text`
// ("Cancelled by buyer", "Venta cancelada", "Sales credit note",
// "out_refund"), with no word that qualifies it.
bool PhraseAtAnEnd(std::string_view text, const std::vector<std::string_view>& phrases) {
  size_t first = 0;
  while (first < text.size() && !InWord(text[first])) ++first;
  for (std::string_view phrase : phrases) {
    for (size_t at = first; at < text.size(); ++at) {
      if (at != first && (InWord(text[at - 1]) || !InWord(text[at]))) continue;
      const size_t end = PhraseEnd(text, at, phrase);
      if (end == std::string_view::npos) continue;
      size_t rest = end;
      while (rest < text.size() && !InWord(text[rest])) ++rest;
      if ((at == first || rest == text.size()) && !HasQualifier(text, phrase) &&
          !TakenBack(text, first, at)) {
        return true;
      }
    }
  }
  return false;
}

// Whether `value` is a date, and not a way of writing none: when a flag
// column ("Cancelled") holds one, it is when the order was cancelled.
bool IsSetDate(std::string_view value) {
  bool unset = false;
  return StartsWithDate(value, &unset) && !unset;
}

}  // namespace

bool Matches(const ExportLayout::LeftOutWhen& when, std::string_view value) {
  value = TrimSpaces(value);
  if (value.empty()) return false;
  // "credit note" with a no-break space between the words, as a web page
  // or a spreadsheet writes it: read with a space (rare: a copy only then).
  std::string spaced;
  if (value.find('\xC2') != std::string_view::npos ||
      value.find('\xE2') != std::string_view::npos) {
    for (size_t i = 0; i < value.size(); ++i) {
      const size_t n = NoBreakSpaceAtFront(value.substr(i));
      spaced.push_back(n != 0 ? ' ' : value[i]);
      if (n != 0) i += n - 1;
    }
    value = spaced;
  }
  // Filled in: not with how database dumps write nothing, nor as integer,
  // boolean and timestamp columns write "not set" (0, false, 1970-01-01).
  if (when.values.empty()) {
    static constexpr std::string_view kUnset[] = {"0", "0.0", "false", "nat", "nan"};
    for (std::string_view unset : kUnset) {
      if (EqualsIgnoreCase(value, unset)) return false;
    }
    bool unset = false;
    return !SaysNothing(value) && !(StartsWithDate(value, &unset) && unset);
  }
  const std::string_view prefix = when.optional_prefix;
  if (!prefix.empty() && value.size() > prefix.size() &&
      EqualsIgnoreCase(value.substr(0, prefix.size()), prefix)) {
    value.remove_prefix(prefix.size());
  }
  // Runs on every row: compared in place, ignoring case, and a space as
  // an underscore ("Requires payment method", as a dashboard spells
  // requires_payment_method).
  auto same = [&](std::string_view v) {
    if (v.size() != value.size()) return false;
    // Both sides: the layouts' own values have spaces too ("pending payment").
    auto fold = [](std::string_view s, size_t i) { return s[i] == ' ' ? '_' : FoldedByte(s, i); };
    for (size_t i = 0; i < v.size(); ++i) {
      if (fold(v, i) != fold(value, i)) return false;
    }
    return true;
  };
  if (std::any_of(when.values.begin(), when.values.end(), same)) return true;
  if (when.or_a_date && IsSetDate(value)) return true;
  return !when.within.empty() && PhraseAtAnEnd(value, when.within);
}

int MinorUnitDigits(std::string_view currency) {
  // Stripe's lists of zero- and three-decimal currencies.
  static const std::string_view kNone[] = {"bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga",
                                           "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"};
  static const std::string_view kThree[] = {"bhd", "jod", "kwd", "omr", "tnd"};
  std::string code(TrimSpaces(currency));
  for (char& c : code) c = ToLower(c);
  if (std::find(std::begin(kNone), std::end(kNone), code) != std::end(kNone)) return 0;
  if (std::find(std::begin(kThree), std::end(kThree), code) != std::end(kThree)) return 3;
  return 2;
}

std::vector<ListedRefund> ListRefunds(std::string_view text) {
  constexpr std::string_view kAmount = "amount:", kDate = "|date:";
  text = TrimSpaces(text);
  if (text.empty()) return {};
  auto starts_entry = [&](size_t at) { return text.substr(at, kAmount.size()) == kAmount; };
  // Text that merely mentions "amount:" is no list: it fails as a number.
  if (!starts_entry(0)) return {ListedRefund{text, {}}};
  // A reason may hold ';' and '|' too, so the next entry starts only at a
  // ';' followed by "amount:".
  auto next_entry = [&](size_t from) {
    for (size_t semicolon = text.find(';', from); semicolon != std::string_view::npos;
         semicolon = text.find(';', semicolon + 1)) {
      size_t at = semicolon + 1;
      while (at < text.size() && text[at] == ' ') ++at;
      if (starts_entry(at)) return std::make_pair(semicolon, at);
    }
    return std::make_pair(text.size(), std::string_view::npos);
  };
  std::vector<ListedRefund> refunds;
  for (size_t at = 0; at != std::string_view::npos;) {
    const auto [end, next] = next_entry(at + kAmount.size());
    const std::string_view entry = text.substr(at, end - at);
    ListedRefund refund;
    const size_t from = kAmount.size();
    refund.amount = TrimSpaces(entry.substr(from, entry.find_first_of("|;", from) - from));
    // The plugin writes the date last: a "|date:" in a reason comes before it.
    const size_t date = entry.rfind(kDate);
    if (date != std::string_view::npos && date >= from) {
      refund.date = TrimSpaces(entry.substr(date + kDate.size()));
      refund.date = TrimSpaces(refund.date.substr(0, refund.date.find_first_of("|;")));
    }
    refunds.push_back(refund);
    at = next;
  }
  return refunds;
}

}  // namespace retention
