#include "atlas/report/document/pdf_layout.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "atlas/report/draw/offset_canvas.h"
#include "atlas/report/draw/pdf_document.h"
#include "atlas/report/draw/wrap.h"

namespace atlas::report::document {
namespace {

using draw::Align;
using draw::Color;
using draw::Font;
using draw::line_height;

constexpr double kPageHeight = draw::kA4Height;
constexpr double kLeft = kPageMargin;
constexpr double kRight = kPageMargin + kContentWidth;
constexpr double kTop = 72;                   // under the running header
constexpr double kBottom = kPageHeight - 64;  // above the page number
constexpr double kCellPad = 4, kCellPadV = 2.5;

const Color kInk = Color::hex("#1f2933");
const Color kGrey = Color::hex("#6b7280");
const Color kRule = Color::hex("#c7cdd4");
const Color kHeadFill = Color::hex("#e8efe9");
const Color kZebra = Color::hex("#f6f7f6");
const Color kAccent = Color::hex("#1b6e3a");
const Color kFall = Color::hex("#b42318");

const Font kBody{10};
const Font kNote{8.5};
const Font kCell{8};
const Font kCellHead{8, true};
const Font kCaption{9, true};
const Font kRunning{8};

Font heading_font(int level) {
  return level <= 1 ? Font{16, true} : level == 2 ? Font{13, true} : Font{11, true};
}

// The contents' lines per page, and so how many pages the contents take: known before any
// block is laid out, so both passes put the blocks on the same pages.
constexpr double kEntryHeight = 18;
int contents_pages(std::size_t entries) {
  int per_page = static_cast<int>((kBottom - kTop - 40) / kEntryHeight);
  return static_cast<int>((entries + per_page - 1) / per_page);
}

class Flow {
 public:
  // `pdf` null: the measuring pass, which learns the pages; `known` the first pass's result.
  Flow(const Document& doc, draw::PdfDocument* pdf, const PdfLayout* known)
      : doc_(doc), pdf_(pdf), known_(known) {}

  PdfLayout run() {
    if (doc_.cover) cover();
    if (doc_.contents) contents();
    for (const Block& block : doc_.blocks) {
      std::visit([this](const auto& b) { place(b); }, block);
    }
    finish_page();
    out_.pages = page_;
    return std::move(out_);
  }

 private:
  // --- drawing, checked against the room given ---
  void text(double x, double y, const std::string& s, const Font& font, Align align, Color color,
            double room) {
    double width = draw::measure(s, font).width;
    if (width > room + 0.01) out_.overflows.push_back({s, width, room});
    if (pdf_) pdf_->text(x, y, s, font, align, color);
  }
  void rect(double x, double y, double w, double h, std::optional<Color> fill,
            std::optional<Color> stroke = std::nullopt) {
    if (pdf_) pdf_->rect(x, y, w, h, fill, stroke);
  }
  void rule(double y, Color color = kRule) {
    if (pdf_) pdf_->polyline({{kLeft, y}, {kRight, y}}, color, 0.5);
  }

  // --- pages ---
  void new_page() {
    finish_page();
    if (pdf_) pdf_->next_page();
    ++page_;
    y_ = kTop;
    page_chapter_ = chapter_;
  }
  bool at_top() const { return y_ <= kTop; }
  void need(double height) {
    if (!at_top() && y_ + height > kBottom) new_page();
  }
  // The running header and the page number, on every page but the cover.
  void finish_page() {
    if (doc_.cover && page_ == 1) return;
    const double room = kContentWidth / 2 - 6;
    text(kLeft, 36, draw::shorten(doc_.title, kRunning, room), kRunning, Align::kLeft, kGrey, room);
    if (!page_chapter_.empty()) {
      text(kRight, 36, draw::shorten(page_chapter_, kRunning, room), kRunning, Align::kRight, kGrey,
           room);
    }
    rule(50);
    int pages = known_ ? known_->pages : 0;
    text(kLeft + kContentWidth / 2, kPageHeight - 44, page_label(doc_.language, page_, pages),
         kRunning, Align::kCenter, kGrey, kContentWidth);
  }

  void lines(const std::string& s, const Font& font, Color color, double x, double width) {
    const double lh = line_height(font);
    for (const std::string& line : draw::wrap(s, font, width)) {
      need(lh);
      text(x, y_, line, font, Align::kLeft, color, width);
      y_ += lh;
    }
  }

  // --- the cover and the contents ---
  void cover() {
    const Font title{24, true};
    double y = kPageHeight / 3;
    for (const std::string& line : draw::wrap(doc_.title, title, kContentWidth)) {
      text(kLeft + kContentWidth / 2, y, line, title, Align::kCenter, kInk, kContentWidth);
      y += line_height(title);
    }
    y += 24;
    const Font sub{12};
    for (const std::string& s : doc_.cover_lines) {
      text(kLeft + kContentWidth / 2, y, draw::shorten(s, sub, kContentWidth), sub, Align::kCenter,
           kGrey, kContentWidth);
      y += line_height(sub) + 4;
    }
    new_page();
  }

  void contents() {
    std::size_t entries = 0;
    for (const Block& b : doc_.blocks) {
      if (auto* h = std::get_if<Heading>(&b); h && h->level <= 2) ++entries;
    }
    if (entries == 0) return;
    int pages = contents_pages(entries);
    std::vector<PdfLayout::Entry> listed;
    if (known_) {
      for (const auto& e : known_->contents) {
        if (e.level <= 2) listed.push_back(e);
      }
    }
    std::size_t next = 0;
    for (int p = 0; p < pages; ++p) {
      const Font title = heading_font(1);
      text(kLeft, y_, contents_title(doc_.language), title, Align::kLeft, kInk, kContentWidth);
      y_ += 40;
      while (next < listed.size() && y_ + kEntryHeight <= kBottom) {
        const auto& e = listed[next++];
        Font font = e.level == 1 ? Font{10.5, true} : Font{10};
        double indent = e.level == 1 ? 0 : 16;
        double room = kContentWidth - indent - 40;
        text(kLeft + indent, y_, draw::shorten(e.text, font, room), font, Align::kLeft, kInk, room);
        text(kRight, y_, std::to_string(e.page), font, Align::kRight, kInk, 36);
        y_ += kEntryHeight;
      }
      new_page();
    }
  }

  // --- the blocks ---
  void place(const Heading& h) {
    const Font font = heading_font(h.level);
    const double before = h.level == 1 ? 16 : h.level == 2 ? 12 : 8;
    // Kept with what follows: the heading and about three lines fit, or a new page.
    auto wrapped = draw::wrap(h.text, font, kContentWidth);
    need(before + wrapped.size() * line_height(font) + 48);
    if (!at_top()) y_ += before;
    if (h.level == 1) {
      chapter_ = h.text;
      if (at_top()) page_chapter_ = h.text;
    }
    out_.contents.push_back({h.level, h.text, page_});
    for (const std::string& line : wrapped) {
      text(kLeft, y_, line, font, Align::kLeft, h.level == 1 ? kAccent : kInk, kContentWidth);
      y_ += line_height(font);
    }
    if (h.level == 1) {
      rule(y_ + 2, kAccent);
      y_ += 6;
    }
    y_ += 4;
  }

  void place(const Paragraph& p) {
    lines(p.text, p.note ? kNote : kBody, p.note ? kGrey : kInk, kLeft, kContentWidth);
    y_ += 6;
  }

  void place(const KeyFigures& k) {
    if (k.figures.empty()) return;
    const std::size_t per_row = std::min<std::size_t>(4, k.figures.size());
    const double gap = 8, pad = 6;
    const double w = (kContentWidth - gap * (per_row - 1)) / per_row;
    const Font label{8.5}, change{8.5};
    const double h = 2 * pad + line_height(label) + line_height({15, true}) + line_height(change);
    for (std::size_t i = 0; i < k.figures.size(); ++i) {
      std::size_t col = i % per_row;
      if (col == 0) {
        if (i > 0) y_ += h + gap;
        need(h);
      }
      const KeyFigure& f = k.figures[i];
      double x = kLeft + col * (w + gap), inner = w - 2 * pad;
      rect(x, y_, w, h, kZebra, kRule);
      double y = y_ + pad;
      text(x + pad, y, draw::shorten(f.label, label, inner), label, Align::kLeft, kGrey, inner);
      y += line_height(label);
      // A long figure is set smaller, down to 8 pt, then shortened.
      Font value{15, true};
      double width = draw::measure(f.value, value).width;
      if (width > inner) value.size = std::max(8.0, std::floor(value.size * inner / width * 4) / 4);
      text(x + pad, y + (line_height({15, true}) - line_height(value)),
           draw::shorten(f.value, value, inner), value, Align::kLeft, kInk, inner);
      y += line_height({15, true});
      if (!f.change.empty()) {
        bool fall = f.change[0] == '-' || f.change.rfind("−", 0) == 0;
        text(x + pad, y, draw::shorten(f.change, change, inner), change, Align::kLeft,
             fall ? kFall : kAccent, inner);
      }
    }
    y_ += h + 10;
  }

  // The narrowest a cell can be without breaking a word or a figure: its widest run of Latin
  // letters, digits and signs; Chinese breaks between any two characters.
  static double unbreakable(const std::string& s, const Font& font) {
    double widest = 0;
    std::string run;
    auto flush = [&] {
      if (!run.empty()) widest = std::max(widest, draw::measure(run, font).width);
      run.clear();
    };
    for (std::size_t i = 0; i < s.size();) {
      auto c = static_cast<unsigned char>(s[i]);
      if (c < 0x80) {
        if (c == ' ')
          flush();
        else
          run += static_cast<char>(c);
        ++i;
        continue;
      }
      flush();
      std::size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
      widest = std::max(widest, draw::measure(s.substr(i, n), font).width);
      i += n;
    }
    flush();
    return widest;
  }

  // Column widths as a browser's automatic table layout sets them: each column between its
  // unbreakable least and its natural width (its widest cell on one line), the page's width
  // shared in proportion to what each would gain.
  static std::vector<double> column_widths(const TableBlock& t) {
    const auto& cols = t.table.columns;
    std::vector<double> least(cols.size()), natural(cols.size());
    for (std::size_t c = 0; c < cols.size(); ++c) {
      least[c] = unbreakable(cols[c].title, kCellHead);
      natural[c] = draw::measure(cols[c].title, kCellHead).width;
      for (const auto& row : t.table.rows) {
        if (c >= row.size()) continue;
        std::string text = display_text(row[c], cols[c]);
        least[c] = std::max(least[c], unbreakable(text, kCell));
        natural[c] = std::max(natural[c], draw::measure(text, kCell).width);
      }
      least[c] += 2 * kCellPad;
      natural[c] += 2 * kCellPad;
    }
    double most = std::accumulate(natural.begin(), natural.end(), 0.0);
    double fewest = std::accumulate(least.begin(), least.end(), 0.0);
    std::vector<double> widths(cols.size());
    for (std::size_t c = 0; c < cols.size(); ++c) {
      if (most <= kContentWidth)
        widths[c] = natural[c] * kContentWidth / most;
      else if (fewest <= kContentWidth) {
        widths[c] = least[c] + (natural[c] - least[c]) * (kContentWidth - fewest) / (most - fewest);
      } else {
        widths[c] = least[c] * kContentWidth / fewest;  // too wide whatever: everything shares
      }
    }
    return widths;
  }

  struct Row {
    std::vector<std::vector<std::string>> cells;
    double height = 0;
  };
  static Row layout_row(const std::vector<std::string>& texts, const std::vector<double>& widths,
                        const Font& font) {
    Row r;
    std::size_t most = 1;
    for (std::size_t c = 0; c < widths.size(); ++c) {
      r.cells.push_back(
          draw::wrap(c < texts.size() ? texts[c] : "", font, widths[c] - 2 * kCellPad));
      most = std::max(most, r.cells.back().size());
    }
    r.height = most * line_height(font) + 2 * kCellPadV;
    return r;
  }
  void draw_row(const Row& r, const std::vector<double>& widths, const TableBlock& t,
                const Font& font, std::optional<Color> fill) {
    if (fill) rect(kLeft, y_, kContentWidth, r.height, fill);
    double x = kLeft;
    for (std::size_t c = 0; c < widths.size(); ++c) {
      bool right = t.table.columns[c].right;
      double y = y_ + kCellPadV, room = widths[c] - 2 * kCellPad;
      for (const std::string& line : r.cells[c]) {
        text(right ? x + widths[c] - kCellPad : x + kCellPad, y, line, font,
             right ? Align::kRight : Align::kLeft, kInk, room);
        y += line_height(font);
      }
      x += widths[c];
    }
    y_ += r.height;
  }

  void place(const TableBlock& t) {
    if (t.table.columns.empty() || !t.printed) return;
    const auto widths = column_widths(t);
    std::vector<std::string> titles;
    for (const auto& c : t.table.columns) titles.push_back(c.title);
    const Row head = layout_row(titles, widths, kCellHead);
    std::vector<Row> rows;
    rows.reserve(t.table.rows.size());
    for (const auto& row : t.table.rows) {
      std::vector<std::string> texts;
      for (std::size_t c = 0; c < t.table.columns.size(); ++c) {
        texts.push_back(c < row.size() ? display_text(row[c], t.table.columns[c]) : "");
      }
      rows.push_back(layout_row(texts, widths, kCell));
    }
    const double caption_h = t.caption.empty() ? 0 : line_height(kCaption) + 3;
    auto top = [&](bool continued) {
      if (!t.caption.empty()) {
        std::string caption = t.caption;
        if (continued) caption += doc_.language == Language::kZh ? "（续）" : " (continued)";
        text(kLeft, y_, draw::shorten(caption, kCaption, kContentWidth), kCaption, Align::kLeft,
             kInk, kContentWidth);
        y_ += caption_h;
      }
      draw_row(head, widths, t, kCellHead, kHeadFill);
    };
    need(caption_h + head.height + (rows.empty() ? 0 : rows[0].height));
    top(false);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (y_ + rows[i].height > kBottom) {
        rule(y_);
        new_page();
        top(true);
      }
      draw_row(rows[i], widths, t, kCell, i % 2 ? std::optional<Color>(kZebra) : std::nullopt);
    }
    rule(y_);
    y_ += 4;
    for (const std::string& n : t.table.notes) lines(n, kNote, kGrey, kLeft, kContentWidth);
    y_ += 8;
  }

  void place(const Figure& f) {
    const double caption_h = f.caption.empty() ? 0 : line_height(kNote) + 4;
    if (f.width > kContentWidth + 0.01)
      out_.overflows.push_back({f.caption, f.width, kContentWidth});
    need(f.height + caption_h);
    double x = kLeft + std::max(0.0, (kContentWidth - f.width) / 2);
    if (pdf_ && f.draw) {
      draw::OffsetCanvas at(*pdf_, x, y_);
      f.draw(at);
    }
    y_ += f.height + 4;
    if (!f.caption.empty()) {
      text(kLeft + kContentWidth / 2, y_, draw::shorten(f.caption, kNote, kContentWidth), kNote,
           Align::kCenter, kGrey, kContentWidth);
      y_ += caption_h;
    }
    y_ += 8;
  }

  void place(const PageBreak&) {
    if (!at_top()) new_page();
  }

  const Document& doc_;
  draw::PdfDocument* pdf_;
  const PdfLayout* known_;
  PdfLayout out_;
  int page_ = 1;
  double y_ = kTop;
  std::string chapter_, page_chapter_;
};

}  // namespace

PdfLayout write_pdf(const Document& doc, const std::filesystem::path& path) {
  PdfLayout measured = Flow(doc, nullptr, nullptr).run();
  draw::PdfDocument pdf(path);
  PdfLayout drawn = Flow(doc, &pdf, &measured).run();
  pdf.finish();
  return drawn;
}

}  // namespace atlas::report::document
