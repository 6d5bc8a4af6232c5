#include "atlas/report/table.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "atlas/core/error.h"
#include "atlas/core/text.h"

namespace atlas::report {

std::string display_text(const Cell& cell, const Column& col) {
  if (std::holds_alternative<std::monostate>(cell)) return "—";
  if (auto* s = std::get_if<std::string>(&cell)) return *s;
  if (auto* i = std::get_if<std::int64_t>(&cell)) {
    if (!col.grouped && col.scale == 1) return std::to_string(*i);  // a year or an id
    return col.scale == 1
               ? format_number(static_cast<double>(*i), 0)
               : format_number(static_cast<double>(*i) / col.scale, std::max(col.decimals, 0));
  }
  double v = std::get<double>(cell);
  if (!std::isfinite(v)) return "—";
  return format_number(v / col.scale, col.decimals < 0 ? 2 : col.decimals);
}

namespace {

std::string plain_text(const Cell& cell) {
  if (std::holds_alternative<std::monostate>(cell)) return "";
  if (auto* s = std::get_if<std::string>(&cell)) return *s;
  if (auto* i = std::get_if<std::int64_t>(&cell)) return std::to_string(*i);
  double v = std::get<double>(cell);
  if (!std::isfinite(v)) return "";
  return fmt::format("{}", v);  // shortest form that reads back to the same double
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

Cell count_cell(const std::optional<double>& v) {
  if (!v || std::isnan(*v)) return {};
  // Whole numbers below 2^53 are exact in a double and in an int64.
  if (std::fabs(*v) < 9007199254740992.0 && *v == std::trunc(*v)) {
    return static_cast<std::int64_t>(*v);
  }
  return *v;
}

Format parse_format(const std::string& s) {
  if (s == "table") return Format::kTable;
  if (s == "csv") return Format::kCsv;
  if (s == "json") return Format::kJson;
  throw Error(ErrorKind::kUsage, fmt::format("--format must be table, csv or json, not '{}'", s));
}

std::string format_number(double v, int decimals) {
  std::string digits = fmt::format("{:.{}f}", std::fabs(v), decimals);
  auto dot = digits.find('.');
  std::string whole = digits.substr(0, dot);
  std::string grouped;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
    grouped += whole[i];
  }
  bool negative = v < 0 && std::stod(digits) != 0;
  return (negative ? "-" : "") + grouped + (dot == std::string::npos ? "" : digits.substr(dot));
}

void write_table(std::ostream& out, const Table& t) {
  std::vector<int> widths;
  std::vector<std::vector<std::string>> cells;
  for (const auto& col : t.columns) widths.push_back(text::display_width(col.title));
  for (const auto& row : t.rows) {
    std::vector<std::string> texts;
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      texts.push_back(c < row.size() ? display_text(row[c], t.columns[c]) : "");
      widths[c] = std::max(widths[c], text::display_width(texts.back()));
    }
    cells.push_back(std::move(texts));
  }
  auto line = [&](const std::vector<std::string>& texts) {
    std::string s;
    for (std::size_t c = 0; c < texts.size(); ++c) {
      if (c > 0) s += "  ";
      bool last = c + 1 == texts.size();
      if (t.columns[c].right) {
        s += text::pad_left(texts[c], widths[c]);
      } else {
        s += last ? texts[c] : text::pad_right(texts[c], widths[c]);
      }
    }
    out << s << '\n';
  };
  std::vector<std::string> titles;
  for (const auto& col : t.columns) titles.push_back(col.title);
  line(titles);
  std::vector<std::string> rules;
  for (int w : widths) rules.push_back(std::string(w, '-'));
  line(rules);
  for (const auto& row : cells) line(row);
  for (const auto& note : t.notes) out << note << '\n';
}

std::string csv_record(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t c = 0; c < fields.size(); ++c) {
    if (c) out += ',';
    out += csv_field(fields[c]);
  }
  return out + "\r\n";
}

namespace {

// `value` as dump(2) writes it inside a document, `depth` spaces in (from its first line on, or
// from its second when it follows a key).
std::string indented(const nlohmann::ordered_json& value, int depth, bool first = true) {
  std::string text = value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string pad(static_cast<std::size_t>(depth), ' ');
  std::string out = first ? pad : "";
  for (char ch : text) {
    out += ch;
    if (ch == '\n') out += pad;
  }
  return out;
}

}  // namespace

RowWriter::RowWriter(std::ostream& out, std::vector<Column> columns, Format format, bool bom)
    : out_(out), columns_(std::move(columns)), format_(format) {
  if (format_ == Format::kTable) {
    throw Error(ErrorKind::kInternal, "RowWriter writes CSV or JSON, not a terminal table");
  }
  if (format_ == Format::kJson) {
    out_ << "{\n  \"rows\": [";
    return;
  }
  if (bom) out_ << "\xEF\xBB\xBF";
  for (const auto& col : columns_) fields_.push_back(col.key);
  out_ << csv_record(fields_);
}

void RowWriter::row(const std::vector<Cell>& cells) {
  if (format_ == Format::kCsv) {
    fields_.clear();
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      fields_.push_back(c < cells.size() ? plain_text(cells[c]) : "");
    }
    out_ << csv_record(fields_);
    return;
  }
  nlohmann::ordered_json obj = nlohmann::ordered_json::object();
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    const Cell& cell = c < cells.size() ? cells[c] : Cell{};
    auto& field = obj[columns_[c].key];
    if (auto* s = std::get_if<std::string>(&cell)) {
      field = *s;
    } else if (auto* i = std::get_if<std::int64_t>(&cell)) {
      field = *i;
    } else if (auto* d = std::get_if<double>(&cell); d && std::isfinite(*d)) {
      field = *d;
    } else {
      field = nullptr;
    }
  }
  out_ << (rows_ == 0 ? "\n" : ",\n") << indented(obj, 4);
  ++rows_;
}

void RowWriter::finish(const std::vector<std::string>& notes) {
  if (format_ != Format::kJson) return;
  out_ << (rows_ == 0 ? "]" : "\n  ]");
  if (!notes.empty())
    out_ << ",\n  \"notes\": " << indented(nlohmann::ordered_json(notes), 2, false);
  out_ << "\n}\n";
}

void write_csv(std::ostream& out, const Table& t, bool bom) {
  RowWriter w(out, t.columns, Format::kCsv, bom);
  for (const auto& row : t.rows) w.row(row);
  w.finish();
}

void write_json(std::ostream& out, const Table& t) {
  RowWriter w(out, t.columns, Format::kJson);
  for (const auto& row : t.rows) w.row(row);
  w.finish(t.notes);
}

void write(std::ostream& out, const Table& t, Format format) {
  switch (format) {
    case Format::kTable: write_table(out, t); break;
    case Format::kCsv: write_csv(out, t); break;
    case Format::kJson: write_json(out, t); break;
  }
}

}  // namespace atlas::report
