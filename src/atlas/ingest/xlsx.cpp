#include "atlas/ingest/xlsx.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <string_view>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "atlas/core/error.h"
#include "atlas/ingest/xlsx_package.h"

namespace atlas::ingest {
namespace {

[[noreturn]] void bad(const std::string& file, const std::string& message, std::int64_t row = 0,
                      std::string column = "") {
  throw Error(ErrorKind::kBadInput, message, {file, row, std::move(column), ""});
}

// ---------------------------------------------------------------------------------------------
// Elements, matched by local name (see xml_local_name).

bool is(const pugi::xml_node& node, std::string_view local) {
  return node.type() == pugi::node_element && xml_local_name(node.name()) == local;
}

pugi::xml_node child(const pugi::xml_node& node, std::string_view local) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (is(c, local)) return c;
  }
  return {};
}

pugi::xml_node next_named(pugi::xml_node node, std::string_view local) {
  for (node = node.next_sibling(); node; node = node.next_sibling()) {
    if (is(node, local)) return node;
  }
  return {};
}

// An attribute by local name, so "r:id" is found whatever the prefix of the relationships
// namespace is called.
pugi::xml_attribute attribute(const pugi::xml_node& node, std::string_view local) {
  for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
    if (xml_local_name(a.name()) == local) return a;
  }
  return {};
}

// Text of an element: all its character data (comments split it into several nodes).
void append_text(const pugi::xml_node& node, std::string& out) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
  }
}

std::string text_of(const pugi::xml_node& node) {
  std::string out;
  append_text(node, out);
  return out;
}

// Excel writes characters XML cannot carry as "_xHHHH_" (and a literal "_x" as "_x005F_x").
std::string unescape_ooxml(std::string s) {
  if (s.find("_x") == std::string::npos) return s;
  auto hex4 = [&s](std::size_t at, char32_t& out) {
    if (at + 7 > s.size() || s[at] != '_' || s[at + 1] != 'x' || s[at + 6] != '_') return false;
    out = 0;
    for (std::size_t i = at + 2; i < at + 6; ++i) {
      char c = s[i];
      int d = c >= '0' && c <= '9'   ? c - '0'
              : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                     : -1;
      if (d < 0) return false;
      out = out * 16 + static_cast<char32_t>(d);
    }
    return true;
  };
  auto put = [](std::string& out, char32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  };
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    char32_t cp = 0;
    if (s[i] == '_' && hex4(i, cp) && cp != 0) {
      if (cp >= 0xD800 && cp <= 0xDBFF) {
        char32_t low = 0;
        if (hex4(i + 7, low) && low >= 0xDC00 && low <= 0xDFFF) {
          put(out, 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00));
          i += 14;
          continue;
        }
      } else if (cp < 0xDC00 || cp > 0xDFFF) {
        put(out, cp);
        i += 7;
        continue;
      }
    }
    out += s[i++];
  }
  return out;
}

// A string item (<si> or <is>): plain <t>, or rich-text runs <r><t>; phonetic runs (<rPh>, the
// furigana of Japanese workbooks) are not part of the value.
std::string string_item(const pugi::xml_node& item) {
  std::string out;
  for (pugi::xml_node c = item.first_child(); c; c = c.next_sibling()) {
    if (is(c, "t")) {
      append_text(c, out);
    } else if (is(c, "r")) {
      for (pugi::xml_node t = child(c, "t"); t; t = next_named(t, "t")) append_text(t, out);
    }
  }
  return unescape_ooxml(std::move(out));
}

// ---------------------------------------------------------------------------------------------
// Parts and relationships (Open Packaging Conventions).

std::string directory_of(const std::string& part) {
  auto slash = part.rfind('/');
  return slash == std::string::npos ? "" : part.substr(0, slash + 1);
}

std::string rels_part_of(const std::string& part) {
  auto slash = part.rfind('/');
  std::string name = slash == std::string::npos ? part : part.substr(slash + 1);
  return directory_of(part) + "_rels/" + name + ".rels";
}

// A relationship's Target, relative to its source part unless it starts with "/", as a part name.
std::string resolve_target(const std::string& source_part, const std::string& target) {
  auto uc = [](char c) { return static_cast<unsigned char>(c); };
  std::string decoded;
  for (std::size_t i = 0; i < target.size(); ++i) {
    if (target[i] == '%' && i + 2 < target.size() && std::isxdigit(uc(target[i + 1])) &&
        std::isxdigit(uc(target[i + 2]))) {
      decoded += static_cast<char>(std::stoi(target.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      decoded += target[i] == '\\' ? '/' : target[i];
    }
  }
  std::string path =
      decoded.starts_with('/') ? decoded.substr(1) : directory_of(source_part) + decoded;
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    std::string segment = path.substr(start, end - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(std::move(segment));
    }
    start = end + 1;
  }
  std::string out;
  for (const auto& s : segments) out += (out.empty() ? "" : "/") + s;
  return out;
}

struct Relationship {
  std::string type;  // the last segment of the Type URI: "worksheet", "sharedStrings"…
  std::string part;
};

// id → relationship; empty when the part has no relationships file.
std::map<std::string, Relationship> read_relationships(const ZipArchive& zip,
                                                       const std::string& source_part) {
  std::map<std::string, Relationship> out;
  std::string rels_part = rels_part_of(source_part);
  auto text = zip.read(rels_part);
  if (!text) return out;
  pugi::xml_document doc;
  parse_xml_part(doc, *text, zip.path(), rels_part);
  pugi::xml_node root = doc.document_element();
  for (pugi::xml_node r = child(root, "Relationship"); r; r = next_named(r, "Relationship")) {
    if (std::string_view(r.attribute("TargetMode").value()) == "External") continue;
    std::string type = r.attribute("Type").value();
    auto slash = type.rfind('/');
    if (slash != std::string::npos) type = type.substr(slash + 1);
    out[r.attribute("Id").value()] = {type,
                                      resolve_target(source_part, r.attribute("Target").value())};
  }
  return out;
}

struct SheetEntry {
  std::string name;
  std::string part;  // empty when the workbook's relationships do not say where it is
  std::string type;  // "worksheet", "chartsheet", "dialogsheet"…
};

struct Workbook {
  std::string part;
  std::vector<SheetEntry> sheets;
  bool date1904 = false;
  std::string shared_strings_part;  // empty when the workbook has none
  std::string styles_part;
};

std::string first_of_type(const std::map<std::string, Relationship>& rels, const std::string& type,
                          const ZipArchive& zip, const std::string& conventional) {
  for (const auto& [id, rel] : rels) {
    if (rel.type == type && zip.has(rel.part)) return rel.part;
  }
  return zip.has(conventional) ? conventional : "";
}

Workbook read_workbook(const ZipArchive& zip) {
  Workbook book;
  book.part = "xl/workbook.xml";
  for (const auto& [id, rel] : read_relationships(zip, "")) {
    if (rel.type == "officeDocument") book.part = rel.part;
  }
  auto text = zip.read(book.part);
  if (!text) {
    bad(zip.path(), fmt::format("the file is a ZIP archive but not an Excel workbook: it has no "
                                "{}; save it from Excel or WPS as .xlsx",
                                book.part));
  }
  pugi::xml_document doc;
  parse_xml_part(doc, *text, zip.path(), book.part);
  pugi::xml_node root = doc.document_element();
  if (!is(root, "workbook")) {
    bad(zip.path(),
        fmt::format("the part {} is not a workbook (its root is <{}>)", book.part, root.name()));
  }
  auto rels = read_relationships(zip, book.part);
  if (pugi::xml_node pr = child(root, "workbookPr")) {
    std::string_view v = pr.attribute("date1904").value();
    book.date1904 = v == "1" || v == "true";
  }
  for (pugi::xml_node s = child(child(root, "sheets"), "sheet"); s; s = next_named(s, "sheet")) {
    SheetEntry entry;
    entry.name = s.attribute("name").value();
    auto it = rels.find(attribute(s, "id").value());
    if (it != rels.end()) {
      entry.part = it->second.part;
      entry.type = it->second.type;
    }
    book.sheets.push_back(std::move(entry));
  }
  book.shared_strings_part = first_of_type(rels, "sharedStrings", zip, "xl/sharedStrings.xml");
  book.styles_part = first_of_type(rels, "styles", zip, "xl/styles.xml");
  return book;
}

std::vector<std::string> read_shared_strings(const ZipArchive& zip, const std::string& part) {
  std::vector<std::string> out;
  auto in = zip.open(part);
  if (!in) return out;
  // No reserve() from the count attribute: a hostile file could claim billions.
  XmlElementStream items(std::move(in), zip.path(), "sst", "", "si");
  for (pugi::xml_node si = items.next(); si; si = items.next()) out.push_back(string_item(si));
  return out;
}

// For each cell style (the `s` attribute of a cell), whether it shows a date.
std::vector<bool> read_date_styles(const ZipArchive& zip, const std::string& part) {
  std::vector<bool> out;
  if (part.empty()) return out;
  auto text = zip.read(part);
  if (!text) return out;
  pugi::xml_document doc;
  parse_xml_part(doc, *text, zip.path(), part);
  pugi::xml_node root = doc.document_element();
  std::map<int, std::string> codes;
  for (pugi::xml_node f = child(child(root, "numFmts"), "numFmt"); f; f = next_named(f, "numFmt")) {
    codes[f.attribute("numFmtId").as_int(-1)] = f.attribute("formatCode").value();
  }
  for (pugi::xml_node xf = child(child(root, "cellXfs"), "xf"); xf; xf = next_named(xf, "xf")) {
    int id = xf.attribute("numFmtId").as_int(0);
    auto it = codes.find(id);
    out.push_back(xlsx_is_date_format(id, it == codes.end() ? "" : it->second));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Cells.

// "C12" → column 3 (and row 12, unused: the row element says it). 0 when not a reference.
int column_of(std::string_view ref) {
  int column = 0;
  std::size_t i = 0;
  for (; i < ref.size() && i < 4; ++i) {
    char c = ref[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') break;
    column = column * 26 + (c - 'A' + 1);
  }
  if (i == 0 || i == 4) return 0;
  for (std::size_t j = i; j < ref.size(); ++j) {
    if (ref[j] < '0' || ref[j] > '9') return 0;
  }
  return column;
}

std::string_view trim_ascii(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::size_t filled(const std::vector<std::string>& cells) {
  return static_cast<std::size_t>(
      std::count_if(cells.begin(), cells.end(), [](const std::string& c) { return !c.empty(); }));
}

// t="d" cells hold ISO 8601 ("2024-01-01T08:30:00Z"); shown the way numeric dates are.
std::string iso_date_text(std::string_view v) {
  std::string s(v.substr(0, 19));
  if (s.size() > 10 && s[10] == 'T') s[10] = ' ';
  if (s.size() == 19 && s.ends_with(" 00:00:00")) s.resize(10);
  return s;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Public helpers.

std::string xlsx_column_name(int column) {
  std::string out;
  while (column > 0) {
    int d = (column - 1) % 26;
    out.insert(out.begin(), static_cast<char>('A' + d));
    column = (column - 1) / 26;
  }
  return out;
}

std::string xlsx_number_text(double v) {
  if (v == 0) return "0";  // also -0
  // Integers print without an exponent up to 2^53, the last one a double holds exactly, so a
  // 13-digit phone or account number keeps its digits.
  if (std::trunc(v) == v && std::fabs(v) <= 9007199254740992.0) {
    return fmt::format("{}", static_cast<std::int64_t>(v));
  }
  return fmt::format("{}", v);
}

std::string xlsx_serial_date(double serial, bool date1904) {
  if (!std::isfinite(serial) || serial < 0) return "";
  double max_serial = date1904 ? 2957003 : 2958465;  // 9999-12-31
  if (serial >= max_serial + 1) return "";
  auto seconds = static_cast<std::int64_t>(std::llround(serial * 86400.0));
  std::int64_t days = seconds / 86400;
  std::int64_t time = seconds % 86400;
  if (days > static_cast<std::int64_t>(max_serial)) return "";
  std::string clock = fmt::format("{:02}:{:02}:{:02}", time / 3600, time / 60 % 60, time % 60);
  if (!date1904 && days == 0) return clock;  // a time of day with no date
  std::string date;
  if (!date1904 && days == 60) {
    date = "1900-02-29";  // Lotus 1-2-3's leap-year bug, kept by Excel for compatibility
  } else {
    // Days since 1970-01-01; before serial 60 the 1900 system has no phantom day to skip.
    std::int64_t z = date1904 ? days - 24107 : days < 60 ? days - 25568 : days - 25569;
    // Howard Hinnant's civil_from_days.
    z += 719468;
    std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    std::int64_t doe = z - era * 146097;
    std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    std::int64_t y = yoe + era * 400;
    std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    std::int64_t mp = (5 * doy + 2) / 153;
    std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
    std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) ++y;
    date = fmt::format("{:04}-{:02}-{:02}", y, m, d);
  }
  return time == 0 ? date : date + " " + clock;
}

bool xlsx_is_date_format(int num_fmt_id, const std::string& custom_code) {
  if (custom_code.empty()) {
    return (num_fmt_id >= 14 && num_fmt_id <= 22) || (num_fmt_id >= 27 && num_fmt_id <= 36) ||
           (num_fmt_id >= 45 && num_fmt_id <= 47) || (num_fmt_id >= 50 && num_fmt_id <= 58);
  }
  // Only the first section (positive numbers) matters; literal text is skipped: "…" quoted,
  // \x escaped, _x (a space as wide as x) and *x (fill). Brackets hold colours and locales
  // ([Red], [$-804], [DBNum1]) except elapsed time ([h], [mm], [ss]).
  const std::string& s = custom_code;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == ';') return false;
    if (c == '"') {
      auto close = s.find('"', i + 1);
      if (close == std::string::npos) return false;
      i = close;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;
    } else if (c == '[') {
      auto close = s.find(']', i + 1);
      if (close == std::string::npos) return false;
      std::string_view inside(s.data() + i + 1, close - i - 1);
      if (!inside.empty() && inside.find_first_not_of("hHmMsS") == std::string_view::npos) {
        return true;
      }
      i = close;
    } else if (std::strchr("yYmMdDhHsS", c) != nullptr) {
      return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// The sheet reader.

struct XlsxSheetReader::State {
  std::string source;
  std::string shared_strings_part;
  bool has_shared_strings = false;
  std::vector<std::string> shared;
  std::vector<bool> date_styles;
  bool date1904 = false;
  std::unique_ptr<ZipArchive> zip;         // open while rows are read
  std::unique_ptr<XmlElementStream> rows;  // the sheet's <row> elements
  std::int64_t last_row = 0;
  std::int64_t line = 0;
  // The row that names columns in messages: the first, unless one of the next rows has more
  // cells, all of them text — the header under a title (a merged cell of one string).
  std::vector<std::string> header;
  int rows_returned = 0;

  std::string column_label(int column) const {
    std::string name = xlsx_column_name(column);
    auto i = static_cast<std::size_t>(column - 1);
    if (i < header.size() && !header[i].empty()) name += " (" + header[i] + ")";
    return name;
  }

  [[noreturn]] void cell_error(int column, std::int64_t row, const std::string& message) const {
    bad(source, message, row, column_label(column));
  }

  [[noreturn]] void no_computed_value(int column, std::int64_t row) const {
    cell_error(column, row,
               fmt::format("cell {}{} holds a formula with no computed value; open the file in "
                           "Excel and save it again",
                           xlsx_column_name(column), row));
  }

  // The cell as text; `is_text` says whether it holds a string rather than a number or a date.
  std::string cell_text(const pugi::xml_node& c, int column, std::int64_t row,
                        bool& is_text) const {
    std::string ref = xlsx_column_name(column) + std::to_string(row);
    std::string_view type = c.attribute("t").value();
    is_text = type == "s" || type == "str" || type == "inlineStr";
    if (type == "inlineStr") {
      if (pugi::xml_node item = child(c, "is")) return string_item(item);
    }
    pugi::xml_node v = child(c, "v");
    if (!v) {
      if (child(c, "f")) no_computed_value(column, row);
      return "";
    }
    std::string raw = text_of(v);
    std::string_view value = trim_ascii(raw);
    // A formula result that is text may be empty (="" is one); a number never is. An empty <v>
    // beside a formula is what openpyxl and some exporters write when nothing computed it.
    if (type == "str" || type == "inlineStr") return unescape_ooxml(std::move(raw));
    if (value.empty()) {
      if (child(c, "f")) no_computed_value(column, row);
      return "";
    }
    if (type == "s") {
      std::size_t index = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), index);
      if (ec != std::errc() || end != value.data() + value.size()) {
        cell_error(
            column, row,
            fmt::format("cell {} refers to shared string '{}', which is not a number", ref, value));
      }
      if (!has_shared_strings) {
        cell_error(column, row,
                   fmt::format("cell {} refers to shared string {} but the workbook has no "
                               "shared-strings part ({}); the file is damaged",
                               ref, index, shared_strings_part));
      }
      if (index >= shared.size()) {
        cell_error(column, row,
                   fmt::format("cell {} refers to shared string {} but the workbook has only {}; "
                               "the file is damaged",
                               ref, index, shared.size()));
      }
      return shared[index];
    }
    if (type == "b") {
      if (value == "1" || value == "true") return "TRUE";
      if (value == "0" || value == "false") return "FALSE";
      cell_error(column, row, fmt::format("cell {} holds '{}', not TRUE or FALSE", ref, value));
    }
    if (type == "e") {
      cell_error(column, row, fmt::format("cell {} holds the Excel error {}", ref, value));
    }
    if (type == "d") return iso_date_text(value);
    if (!type.empty() && type != "n") {
      cell_error(column, row, fmt::format("cell {} has an unknown type '{}'", ref, type));
    }
    double number = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (ec != std::errc() || end != value.data() + value.size() || !std::isfinite(number)) {
      cell_error(column, row, fmt::format("cell {} holds '{}', which is not a number", ref, value));
    }
    auto style = c.attribute("s").as_ullong(0);
    if (style < date_styles.size() && date_styles[style]) {
      std::string date = xlsx_serial_date(number, date1904);
      if (!date.empty()) return date;
    }
    return xlsx_number_text(number);
  }
};

XlsxSheetReader::XlsxSheetReader(const std::string& path, const std::string& sheet)
    : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.zip = std::make_unique<ZipArchive>(path, kMaxXlsxPartBytes);
  const ZipArchive& zip = *s.zip;
  Workbook book = read_workbook(zip);

  const SheetEntry* chosen = nullptr;
  if (sheet.empty()) {
    for (const auto& e : book.sheets) {
      if (e.type == "worksheet") {
        chosen = &e;
        break;
      }
    }
    if (chosen == nullptr) bad(path, "the workbook has no worksheet with data");
  } else {
    auto lower = [](std::string t) {
      for (char& c : t) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      return t;
    };
    for (const auto& e : book.sheets) {
      if (e.name == sheet) chosen = &e;
    }
    for (std::size_t i = 0; chosen == nullptr && i < book.sheets.size(); ++i) {
      if (lower(book.sheets[i].name) == lower(sheet)) chosen = &book.sheets[i];
    }
    if (chosen == nullptr) {
      std::vector<std::string> names;
      for (const auto& e : book.sheets) names.push_back("'" + e.name + "'");
      bad(path, fmt::format("the workbook has no sheet '{}'; its sheets are {}", sheet,
                            names.empty() ? "none" : fmt::format("{}", fmt::join(names, ", "))));
    }
  }
  s.source = fmt::format("{}[{}]", std::filesystem::path(path).filename().string(), chosen->name);
  if (chosen->type != "worksheet" && !chosen->type.empty()) {
    bad(path, fmt::format("the sheet '{}' is a {}, not a table of cells", chosen->name,
                          chosen->type == "chartsheet" ? "chart" : chosen->type));
  }
  if (chosen->part.empty()) {
    bad(path, fmt::format("the workbook does not say where the sheet '{}' is stored (no "
                          "relationship in {}); the file is damaged",
                          chosen->name, rels_part_of(book.part)));
  }
  auto in = zip.open(chosen->part);
  if (!in) {
    bad(path, fmt::format("the sheet '{}' is missing: the archive has no {}; the file is damaged",
                          chosen->name, chosen->part));
  }
  s.date1904 = book.date1904;
  s.shared_strings_part =
      book.shared_strings_part.empty() ? "xl/sharedStrings.xml" : book.shared_strings_part;
  if (!book.shared_strings_part.empty()) {
    s.has_shared_strings = true;
    s.shared = read_shared_strings(zip, book.shared_strings_part);
  }
  s.date_styles = read_date_styles(zip, book.styles_part);
  s.rows = std::make_unique<XmlElementStream>(std::move(in), path, "worksheet", "sheetData", "row");
}

XlsxSheetReader::~XlsxSheetReader() = default;

bool XlsxSheetReader::next(std::vector<std::string>& cells) {
  State& s = *state_;
  for (pugi::xml_node row = s.rows->next(); row; row = s.rows->next()) {
    std::int64_t r = s.last_row + 1;  // rows without r="" follow the one before
    if (pugi::xml_attribute a = row.attribute("r")) {
      std::string_view text = a.value();
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), r);
      if (ec != std::errc() || end != text.data() + text.size()) r = 0;
    }
    if (r <= s.last_row || r > kMaxXlsxRows) {
      bad(s.source, fmt::format("a row is numbered '{}' after row {}; rows must go up, from 1 to "
                                "{}; the file is damaged",
                                row.attribute("r").value(), s.last_row, kMaxXlsxRows));
    }
    s.last_row = r;
    cells.clear();
    int column = 0;
    bool all_text = true;
    for (pugi::xml_node c = child(row, "c"); c; c = next_named(c, "c")) {
      if (pugi::xml_attribute ref = c.attribute("r")) {
        column = column_of(ref.value());
        if (column == 0) {
          bad(s.source,
              fmt::format("a cell has the reference '{}', which is not a cell name", ref.value()),
              r);
        }
      } else {
        ++column;
      }
      if (column > kMaxXlsxColumns) {
        bad(s.source,
            fmt::format("row {} has a cell beyond column XFD, Excel's last ({} columns)", r,
                        kMaxXlsxColumns),
            r);
      }
      bool is_text = false;
      std::string value = s.cell_text(c, column, r, is_text);
      if (value.empty()) continue;
      all_text = all_text && is_text;
      auto index = static_cast<std::size_t>(column - 1);
      if (cells.size() <= index) cells.resize(index + 1);
      cells[index] = std::move(value);
    }
    if (cells.empty()) continue;  // a row with formatting only
    s.line = r;
    if (s.rows_returned++ < 10 &&
        (s.header.empty() || (all_text && filled(cells) > filled(s.header)))) {
      s.header = cells;
    }
    return true;
  }
  return false;
}

std::int64_t XlsxSheetReader::line() const {
  return state_->line;
}

const std::string& XlsxSheetReader::source() const {
  return state_->source;
}

std::vector<std::string> xlsx_sheet_names(const std::string& path) {
  ZipArchive zip(path, kMaxXlsxPartBytes);
  std::vector<std::string> names;
  for (auto& e : read_workbook(zip).sheets) names.push_back(std::move(e.name));
  return names;
}

std::unique_ptr<RowSource> open_xlsx_sheet(const std::string& path, const std::string& sheet) {
  return std::make_unique<XlsxSheetReader>(path, sheet);
}

}  // namespace atlas::ingest
