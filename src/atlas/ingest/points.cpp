#include "atlas/ingest/points.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/core/parallel.h"
#include "atlas/core/text.h"
#include "atlas/ingest/columns.h"
#include "atlas/ingest/file_rows.h"
#include "atlas/ingest/table_rows.h"

namespace atlas::ingest {
namespace {

enum Field { kId, kLat, kLon, kWeight, kKind, kIndustry, kTech, kYear, kFields };

const char* const kFieldNames[kFields] = {"id",   "lat",      "lon",  "weight",
                                          "kind", "industry", "tech", "year"};

int field_of(const std::string& header, bool geographic) {
  auto is = [&](std::initializer_list<const char*> names) { return header_is(header, names); };
  if (is({"id", "编号", "标识"})) return kId;
  if (geographic ? is({"lat", "latitude", "纬度"}) : is({"x"})) return kLat;
  if (geographic ? is({"lon", "lng", "long", "longitude", "经度"}) : is({"y"})) return kLon;
  if (is({"weight", "w", "权重"})) return kWeight;
  if (is({"kind", "type", "类型", "类别"})) return kKind;
  if (is({"industry", "行业"})) return kIndustry;
  if (is({"tech", "technology", "ipc", "技术领域"})) return kTech;
  if (is({"year", "年份"})) return kYear;
  return -1;
}

// The three kinds WIPO counts, whatever language the file uses.
std::string kind_name(std::string_view cell) {
  const std::string k = header_key(cell);
  if (k == "patent" || k == "patents" || k == "专利") return "patent";
  if (k == "publication" || k == "publications" || k == "paper" || k == "article" || k == "论文" ||
      k == "文献") {
    return "publication";
  }
  if (k == "firm" || k == "firms" || k == "enterprise" || k == "company" || k == "企业") {
    return "firm";
  }
  return std::string(cell);
}

struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// Distinct values in the order first seen. Most columns hold a handful of distinct texts, looked
// up by comparing with each in turn — cheaper than hashing a cell per row; past kSmall, a hash.
class Interner {
 public:
  explicit Interner(Category& c) : c_(c) {}
  std::int32_t code(std::string_view name) {
    if (index_.empty()) {
      for (std::size_t k = 0; k < c_.names.size(); ++k) {
        if (c_.names[k] == name) return static_cast<std::int32_t>(k);
      }
    } else if (auto it = index_.find(name); it != index_.end()) {
      return it->second;
    }
    const auto code = static_cast<std::int32_t>(c_.names.size());
    c_.names.emplace_back(name);
    if (c_.names.size() > kSmall && index_.empty()) {
      for (std::size_t k = 0; k < c_.names.size(); ++k) {
        index_.emplace(c_.names[k], static_cast<std::int32_t>(k));
      }
    } else if (!index_.empty()) {
      index_.emplace(std::string(name), code);
    }
    return code;
  }

 private:
  static constexpr std::size_t kSmall = 16;
  Category& c_;
  std::unordered_map<std::string, std::int32_t, TextHash, std::equal_to<>> index_;
};

// Kinds by the text as written ("专利", "Patent", "patent"), each text's canonical name worked out
// once: a file of millions of rows has a handful of distinct texts.
class KindInterner {
 public:
  explicit KindInterner(Category& c) : names_(c), texts_(texts_seen_) {}
  std::int32_t code(std::string_view cell) {
    const auto text = texts_.code(cell);
    if (static_cast<std::size_t>(text) == kind_of_text_.size()) {
      kind_of_text_.push_back(names_.code(kind_name(cell)));
    }
    return kind_of_text_[text];
  }

 private:
  Interner names_;
  Category texts_seen_;
  Interner texts_;
  std::vector<std::int32_t> kind_of_text_;
};

// Which file column holds each field, from the header row.
struct Layout {
  std::string source;
  bool geographic = true;
  int column[kFields];
  std::string header[kFields];
  const char* a_name() const { return geographic ? "lat" : "x"; }
  const char* b_name() const { return geographic ? "lon" : "y"; }
};

template <typename Cells>
Layout bind_header(const Cells& cells, bool geographic, const std::string& source,
                   std::int64_t line) {
  Layout l;
  l.source = source;
  l.geographic = geographic;
  std::fill(std::begin(l.column), std::end(l.column), -1);
  for (int c = 0; c < static_cast<int>(cells.size()); ++c) {
    const std::string h = text::trim(cells[c]);
    const int f = h.empty() ? -1 : field_of(h, geographic);
    if (f < 0) continue;
    if (l.column[f] >= 0) {
      throw Error(ErrorKind::kBadInput,
                  fmt::format("two columns mean {}: '{}' and '{}'", kFieldNames[f], l.header[f], h),
                  {source, line, h, ""});
    }
    l.column[f] = c;
    l.header[f] = h;
  }
  for (int f : {kId, kLat, kLon}) {
    if (l.column[f] >= 0) continue;
    throw Error(ErrorKind::kBadInput,
                fmt::format("no {} column: the points file needs columns id, {}, {} (optional: "
                            "weight, kind, industry, tech, year)",
                            f == kId ? "id" : (f == kLat ? l.a_name() : l.b_name()), l.a_name(),
                            l.b_name()),
                {source, line, "", ""});
  }
  return l;
}

// Parses rows into a PointSet: the whole file's, or one block's, merged in file order after.
class RowParser {
 public:
  explicit RowParser(const Layout& l)
      : l_(l), kinds_(out.kind), industries_(out.industry), techs_(out.tech) {
    out.source = l.source;
    out.geographic = l.geographic;
  }

  // `cells` holds string_views or strings; blank rows are skipped.
  template <typename Cells>
  void row(const Cells& cells, std::int64_t line) {
    if (is_blank_row(cells)) {
      return;  // a blank line, e.g. at the end of a sheet
    }
    auto cell = [&](int f) -> std::string_view {
      const int c = l_.column[f];
      return c >= 0 && c < static_cast<int>(cells.size()) ? text::trim_view(cells[c])
                                                          : std::string_view();
    };
    auto fail = [&](int f, const std::string& message) {
      return Error(ErrorKind::kBadInput, message, {l_.source, line, l_.header[f], ""});
    };
    auto number = [&](int f, const char* name) {
      const auto v = cell(f);
      if (is_missing_text(v)) throw fail(f, fmt::format("{} is missing", name));
      const auto x = parse_plain_number(v);
      if (!x) throw fail(f, fmt::format("{} '{}' is not a number", name, v));
      return *x;
    };

    const auto id = cell(kId);
    const auto lat_or_x = parse_plain_number(cell(kLat)), lon_or_y = parse_plain_number(cell(kLon));
    if (is_missing_text(id) || !lat_or_x || !lon_or_y) {
      // Not a point. A row of totals under the points (合计, with a count and no coordinates) is
      // skipped with a note; any other is refused with its reason. A row with coordinates is a
      // point whatever its id, so the check costs nothing on rows that are points.
      std::vector<std::string> text(cells.begin(), cells.end());
      if (auto word = total_row_word(text, l_.column[kId]); !word.empty()) {
        totals.emplace_back(line, std::move(word));
        return;
      }
      if (is_missing_text(id)) throw fail(kId, "id is missing");
      number(kLat, l_.a_name());
      number(kLon, l_.b_name());
    }
    const double a = *lat_or_x, b = *lon_or_y;
    if (l_.geographic && std::abs(a) > 90) {
      throw fail(kLat, fmt::format("latitude {} is outside −90…90", a));
    }
    if (l_.geographic && std::abs(b) > 180) {
      throw fail(kLon, fmt::format("longitude {} is outside −180…180", b));
    }
    out.id_text.append(id);
    out.id_end.push_back(out.id_text.size());
    out.a.push_back(a);
    out.b.push_back(b);
    if (l_.column[kWeight] >= 0) {
      const double w = number(kWeight, "weight");
      if (w < 0) throw fail(kWeight, fmt::format("weight {} is negative", w));
      out.weight.push_back(w);
    }
    auto category = [&](int f, Category& c, auto& in) {
      if (l_.column[f] < 0) return;
      const auto v = cell(f);
      c.code.push_back(is_missing_text(v) ? -1 : in.code(v));
    };
    category(kKind, out.kind, kinds_);
    category(kIndustry, out.industry, industries_);
    category(kTech, out.tech, techs_);
    if (l_.column[kYear] >= 0) {
      const auto v = cell(kYear);
      int y = 0;
      if (!is_missing_text(v)) {
        auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), y);
        if (ec != std::errc() || end != v.data() + v.size() || y < 1000 || y > 9999) {
          throw fail(kYear, fmt::format("year '{}' is not a four-digit year", v));
        }
      }
      out.year.push_back(y);
    }
  }

  void reserve(std::size_t rows) {
    out.id_end.reserve(rows);
    out.a.reserve(rows);
    out.b.reserve(rows);
    if (l_.column[kWeight] >= 0) out.weight.reserve(rows);
    if (l_.column[kKind] >= 0) out.kind.code.reserve(rows);
    if (l_.column[kIndustry] >= 0) out.industry.code.reserve(rows);
    if (l_.column[kTech] >= 0) out.tech.code.reserve(rows);
    if (l_.column[kYear] >= 0) out.year.reserve(rows);
  }

  PointSet out;
  std::vector<std::pair<std::int64_t, std::string>> totals;  // rows of totals skipped

 private:
  const Layout& l_;
  KindInterner kinds_;
  Interner industries_, techs_;
};

// Appends `parts` (later rows, in order) to `all`, re-coding their categories into `all`'s: the
// codes are mapped first, then every part is copied into its place in parallel.
void append(PointSet& all, std::vector<PointSet>& parts, Interner& kinds, Interner& industries,
            Interner& techs, int threads) {
  struct Place {
    std::size_t row = 0, id_byte = 0;
    std::vector<std::int32_t> kind, industry, tech;  // part's code → all's code
  };
  std::vector<Place> place(parts.size() + 1);
  place[0] = {all.size(), all.id_text.size(), {}, {}, {}};
  auto map_codes = [](const Category& from, Interner& in) {
    std::vector<std::int32_t> code(from.names.size());
    for (std::size_t k = 0; k < from.names.size(); ++k) code[k] = in.code(from.names[k]);
    return code;
  };
  for (std::size_t t = 0; t < parts.size(); ++t) {
    place[t].kind = map_codes(parts[t].kind, kinds);
    place[t].industry = map_codes(parts[t].industry, industries);
    place[t].tech = map_codes(parts[t].tech, techs);
    place[t + 1].row = place[t].row + parts[t].size();
    place[t + 1].id_byte = place[t].id_byte + parts[t].id_text.size();
  }
  const std::size_t rows = place.back().row;
  auto grow = [&](auto& v, bool present) {
    if (present) v.resize(rows);
  };
  all.id_text.resize(place.back().id_byte);
  grow(all.id_end, true);
  grow(all.a, true);
  grow(all.b, true);
  // A column is in every row or in none, so any part with rows shows whether the file has it
  // (a part of blank lines has no rows and says nothing).
  auto has = [&](auto column) {
    return std::any_of(parts.begin(), parts.end(),
                       [&](const PointSet& part) { return !column(part).empty(); });
  };
  grow(all.weight, has([](const PointSet& p) -> const auto& { return p.weight; }));
  grow(all.year, has([](const PointSet& p) -> const auto& { return p.year; }));
  grow(all.kind.code, has([](const PointSet& p) -> const auto& { return p.kind.code; }));
  grow(all.industry.code, has([](const PointSet& p) -> const auto& { return p.industry.code; }));
  grow(all.tech.code, has([](const PointSet& p) -> const auto& { return p.tech.code; }));
  core::parallel_chunks(parts.size(), 1, threads, [&](std::size_t t, std::size_t) {
    PointSet& part = parts[t];
    const Place& at = place[t];
    std::copy(part.id_text.begin(), part.id_text.end(), all.id_text.begin() + at.id_byte);
    for (std::size_t i = 0; i < part.size(); ++i) {
      all.id_end[at.row + i] = at.id_byte + part.id_end[i];
    }
    auto copy = [&](const auto& from, auto& to) {
      std::copy(from.begin(), from.end(), to.begin() + static_cast<std::ptrdiff_t>(at.row));
    };
    copy(part.a, all.a);
    copy(part.b, all.b);
    copy(part.weight, all.weight);
    copy(part.year, all.year);
    auto recode = [&](const Category& from, const std::vector<std::int32_t>& code, Category& to) {
      for (std::size_t i = 0; i < from.code.size(); ++i) {
        to.code[at.row + i] = from.code[i] < 0 ? -1 : code[from.code[i]];
      }
    };
    recode(part.kind, at.kind, all.kind);
    recode(part.industry, at.industry, all.industry);
    recode(part.tech, at.tech, all.tech);
    part = PointSet();
  });
}

// One piece of a block, parsed on its own: its points, the lines it spans, its first error (the
// row counted from the piece's start), or `plain` false when the file needs the full reader.
struct Piece {
  PointSet points;
  std::vector<std::pair<std::int64_t, std::string>> totals;  // rows counted from the piece's start
  std::int64_t lines = 0;
  bool plain = true;  // no quote character, valid UTF-8
  std::optional<Error> error;
};

// The fast path for what geocoded exports usually are — large UTF-8 CSV or TSV files with no
// quoted fields: lines are rows, so blocks of lines are parsed on all cores. Anything else (a
// workbook, a quote character anywhere, bytes that are not UTF-8, e.g. GB18030) returns nullopt
// and the file is read through FileRows, which handles every case, one row at a time.
std::optional<PointSet> read_plain(const std::string& path, bool geographic) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (ext == ".xlsx" || ext == ".xlsm") return std::nullopt;
  const char sep = ext == ".tsv" || ext == ".txt" ? '\t' : ',';
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;  // FileRows reports it
  const std::string source = std::filesystem::path(path).filename().string();

  std::error_code size_error;
  const auto file_size = std::filesystem::file_size(path, size_error);
  // Blocks of 32 MiB, or one block just larger than a small file, so that a small file does
  // not cost a 64 MiB buffer. The buffer is not zero-filled: a block plus the partial line
  // carried over.
  constexpr std::size_t kMaxBlock = 32 << 20;
  const std::size_t block_size =
      size_error ? kMaxBlock : std::min<std::size_t>(kMaxBlock, file_size + 1);
  std::unique_ptr<char[]> buf(new char[2 * block_size]);
  std::size_t carry = 0;
  std::optional<Layout> layout;
  std::vector<std::pair<std::int64_t, std::string>> totals;
  PointSet all;
  all.source = source;
  all.geographic = geographic;
  Interner kinds(all.kind), industries(all.industry), techs(all.tech);
  std::int64_t line = 0;           // lines consumed before the block
  std::size_t bytes_per_row = 64;  // to size a piece's arrays; measured on the first block
  const int threads = static_cast<int>(core::thread_count(0));
  for (bool first = true;; first = false) {
    in.read(buf.get() + carry, static_cast<std::streamsize>(block_size));
    const auto got = static_cast<std::size_t>(in.gcount());
    const std::size_t size = carry + got;
    const bool last = got < block_size;
    std::size_t begin = 0;
    if (first && std::string_view(buf.get(), size).starts_with("\xEF\xBB\xBF")) begin = 3;
    std::size_t end = size;
    if (!last) {
      const auto nl = std::string_view(buf.get(), size).rfind('\n');
      if (nl == std::string::npos || nl < begin) return std::nullopt;  // a 32 MiB line
      end = nl + 1;
    }
    std::string_view block(buf.get() + begin, end - begin);
    auto split = [&](std::string_view text, std::vector<std::string_view>& cells) {
      if (text.ends_with('\r')) text.remove_suffix(1);
      cells.clear();
      for (;;) {
        const auto at = text.find(sep);
        cells.push_back(text.substr(0, at));
        if (at == std::string_view::npos) break;
        text.remove_prefix(at + 1);
      }
    };
    if (!layout) {
      const auto nl = block.find('\n');
      const auto header = block.substr(0, nl);
      if (header.find('"') != std::string_view::npos || !text::is_valid_utf8(header)) {
        return std::nullopt;
      }
      std::vector<std::string_view> cells;
      split(header, cells);
      if (block.empty()) {
        throw Error(ErrorKind::kBadInput, "the file is empty", {source, 1, "", ""});
      }
      // A header that is not on the first line (a title above it) is for the full reader to find.
      try {
        layout = bind_header(cells, geographic, source, 1);
      } catch (const Error&) {
        return std::nullopt;
      }
      line = 1;
      block.remove_prefix(nl == std::string_view::npos ? block.size() : nl + 1);
    }
    // Pieces of the block on line boundaries, one per task, checked and parsed independently.
    const std::size_t pieces = static_cast<std::size_t>(threads) * 4;
    std::vector<std::size_t> cut{0};
    for (std::size_t k = 1; k < pieces; ++k) {
      std::size_t at = std::max(cut.back(), block.size() * k / pieces);
      const auto nl = block.find('\n', at);
      if (nl == std::string_view::npos) break;
      if (nl + 1 > cut.back()) cut.push_back(nl + 1);
    }
    cut.push_back(block.size());
    const std::size_t tasks = cut.size() - 1;
    std::vector<Piece> parsed(tasks);
    core::parallel_chunks(tasks, 1, threads, [&](std::size_t t, std::size_t) {
      std::string_view piece = block.substr(cut[t], cut[t + 1] - cut[t]);
      Piece& out = parsed[t];
      if (piece.find('"') != std::string_view::npos || !text::is_valid_utf8(piece)) {
        out.plain = false;
        return;
      }
      RowParser p(*layout);
      p.reserve(piece.size() / bytes_per_row + 1);
      std::vector<std::string_view> cells;
      try {
        while (!piece.empty()) {
          const auto nl = piece.find('\n');
          split(piece.substr(0, nl), cells);
          p.row(cells, ++out.lines);
          piece.remove_prefix(nl == std::string_view::npos ? piece.size() : nl + 1);
        }
      } catch (const Error& e) {
        out.error = e;  // its row counts from the piece's start
      }
      out.points = std::move(p.out);
      out.totals = std::move(p.totals);
    });
    // A quote or a non-UTF-8 byte anywhere sends the whole file to the full reader; else the
    // earliest error is reported, its row counted from the start of the file.
    for (const auto& piece : parsed) {
      if (!piece.plain) return std::nullopt;
    }
    std::int64_t first_line = line;
    for (auto& piece : parsed) {
      if (piece.error) {
        const auto& w = piece.error->where();
        throw Error(piece.error->kind(), piece.error->what(),
                    {w.file, first_line + w.row, w.column, w.field});
      }
      for (auto& [at, word] : piece.totals) totals.emplace_back(first_line + at, std::move(word));
      first_line += piece.lines;
    }
    std::vector<PointSet> parts;
    for (auto& piece : parsed) parts.push_back(std::move(piece.points));
    if (first && !last && !size_error && size > 0) {
      // Room for the whole file at the first block's density, so appending never re-copies.
      const double scale = static_cast<double>(file_size) / static_cast<double>(size) * 1.05;
      std::size_t rows = 0, id_bytes = 0;
      for (const auto& part : parts) {
        rows += part.size();
        id_bytes += part.id_text.size();
      }
      bytes_per_row = std::max<std::size_t>(1, size / std::max<std::size_t>(rows, 1));
      all.id_text.reserve(static_cast<std::size_t>(static_cast<double>(id_bytes) * scale));
      auto room = [&](auto& v) {
        v.reserve(static_cast<std::size_t>(static_cast<double>(rows) * scale));
      };
      room(all.id_end);
      room(all.a);
      room(all.b);
      if (layout->column[kWeight] >= 0) room(all.weight);
      if (layout->column[kYear] >= 0) room(all.year);
      if (layout->column[kKind] >= 0) room(all.kind.code);
      if (layout->column[kIndustry] >= 0) room(all.industry.code);
      if (layout->column[kTech] >= 0) room(all.tech.code);
    }
    append(all, parts, kinds, industries, techs, threads);
    line = first_line;
    if (last) break;
    carry = size - end;
    if (carry > block_size) return std::nullopt;  // a line longer than a block
    std::memmove(buf.get(), buf.get() + end, carry);
  }
  if (!layout) throw Error(ErrorKind::kBadInput, "the file is empty", {source, 1, "", ""});
  if (auto note = total_rows_note(source, totals); !note.empty()) all.notes.push_back(note);
  return all;
}

}  // namespace

PointSet read_points(const std::string& path, bool geographic) {
  if (auto fast = read_plain(path, geographic)) return std::move(*fast);
  FileRows file(path, "", std::nullopt);
  // The header is the first row naming the id and both coordinates: a title may stand above it.
  TableRows rows(file.rows(), [&](const std::vector<std::string>& cells) {
    bool named[kFields] = {};
    for (const auto& c : cells) {
      if (const int f = field_of(text::trim(c), geographic); f >= 0) named[f] = true;
    }
    return named[kId] && named[kLat] && named[kLon];
  });
  const Layout layout = bind_header(rows.header(), geographic, rows.source(), rows.header_line());
  RowParser parser(layout);
  std::vector<std::string> cells;
  std::int64_t line = 0;
  while (rows.next(cells, line)) parser.row(cells, line);
  PointSet out = std::move(parser.out);
  out.notes = rows.notes();
  if (auto note = total_rows_note(out.source, parser.totals); !note.empty())
    out.notes.push_back(note);
  return out;
}

}  // namespace atlas::ingest
