// The HTML report read back by independent parsers: Python's html.parser (through a small script
// that builds the element tree by HTML5's rules, void elements included, and reports any end tag
// that closes the wrong element) and pugixml (the markup is also well-formed XML). The
// expectations are written by hand.
#include "atlas/report/document/html.h"
#include "atlas/report/command_output.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "atlas/core/error.h"

namespace atlas::report::document {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;
using Strings = std::vector<std::string>;

// Reads an HTML file with html.parser and prints what the tests look at as JSON: parse errors
// (an end tag closing another element, an end tag for a void element, a self-closed HTML element
// that is not void, an element left open, a duplicate id, a link to no id), the doctype, the
// title, headings, links, tables, notes, figures, the count of every element and every attribute
// value that could name a resource.
constexpr const char* kReader = R"PY(
import json, sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}

class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []
    def text(self):
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)
    def all(self):
        for c in self.children:
            if isinstance(c, Node):
                yield c
                yield from c.all()
    def find(self, tag):
        return [n for n in self.all() if n.tag == tag]
    def depth(self, tag):
        p, n = self.parent, 0
        while p is not None:
            n += p.tag == tag
            p = p.parent
        return n
    def inside(self, tag):
        p = self.parent
        while p is not None:
            if p.tag == tag:
                return True
            p = p.parent
        return False

class Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", [], None)
        self.cur = self.root
        self.errors = []
        self.doctype = None
    def handle_decl(self, decl):
        self.doctype = decl
    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node
    def handle_startendtag(self, tag, attrs):
        node = Node(tag, attrs, self.cur)
        self.cur.children.append(node)
        if tag not in VOID and not node.inside("svg") and tag != "svg":
            self.errors.append("self-closed <%s>" % tag)
    def handle_endtag(self, tag):
        if tag in VOID:
            self.errors.append("end tag for void <%s>" % tag)
        elif self.cur.tag != tag:
            self.errors.append("</%s> closes <%s>" % (tag, self.cur.tag))
        else:
            self.cur = self.cur.parent
    def handle_data(self, data):
        self.cur.children.append(data)
    def unknown_decl(self, data):
        self.errors.append("unknown declaration " + data)

reader = Reader()
with open(sys.argv[1], encoding="utf-8") as f:
    reader.feed(f.read())
reader.close()
root = reader.root
if reader.cur is not root:
    reader.errors.append("<%s> left open" % reader.cur.tag)

ids = [n.attrs["id"] for n in root.all() if "id" in n.attrs]
for i in set(ids):
    if ids.count(i) > 1:
        reader.errors.append("duplicate id " + i)
links = [{"href": a.attrs.get("href"), "text": a.text()} for a in root.find("a")]
for link in links:
    if not (link["href"] or "").startswith("#") or link["href"][1:] not in ids:
        reader.errors.append("link to no id: %s" % link["href"])

counts = {}
for n in root.all():
    counts[n.tag] = counts.get(n.tag, 0) + 1
resources = [v for n in root.all() for k, v in n.attrs.items()
             if k in ("href", "src", "srcset", "xlink:href", "action", "formaction", "poster",
                      "data", "background", "cite", "ping", "manifest")]

def table(t):
    caption = t.find("caption")
    return {
        "caption": caption[0].text() if caption else None,
        "head": [th.text() for th in t.find("th")],
        "head_classes": [th.attrs.get("class", "") for th in t.find("th")],
        "rows": [[td.text() for td in tr.find("td")] for tr in t.find("tr") if tr.inside("tbody")],
        "cell_classes": [[td.attrs.get("class", "") for td in tr.find("td")]
                         for tr in t.find("tr") if tr.inside("tbody")],
        "notes": [p.text() for p in t.parent.parent.find("p")],
    }

def figure(f):
    svgs = f.find("svg")
    caption = f.find("figcaption")
    return {
        "svg_xmlns": [s.attrs.get("xmlns") for s in svgs],
        "rects": len(f.find("rect")),
        "texts": [t.text() for t in f.find("text")],
        "caption": caption[0].text() if caption else None,
        "class": f.attrs.get("class", ""),
    }

html = root.find("html")
print(json.dumps({
    "errors": reader.errors,
    "doctype": reader.doctype,
    "lang": html[0].attrs.get("lang") if html else None,
    "title": [t.text() for t in root.find("title")],
    "charset": [m.attrs.get("charset") for m in root.find("meta") if "charset" in m.attrs],
    "h1": [h.text() for h in root.find("h1")],
    "cover": [p.text() for h in root.find("header") for p in h.find("p")],
    "headings": [{"tag": n.tag, "id": n.attrs.get("id"), "text": n.text(),
                  "class": n.attrs.get("class", "")}
                 for n in root.all() if n.tag in ("h2", "h3", "h4") and not n.inside("nav")],
    "contents_title": [h.text() for nav in root.find("nav") for h in nav.find("h2")],
    "contents": [{"href": a.attrs.get("href"), "text": a.text(), "depth": a.depth("ol")}
                 for nav in root.find("nav") for a in nav.find("a")],
    "paragraphs": [{"text": p.text(), "class": p.attrs.get("class", "")}
                   for p in root.find("p") if p.inside("main") and not p.inside("div")],
    "key_figures": [[c.text() for c in d.children if isinstance(c, Node)]
                    for dl in root.find("dl") for d in dl.find("div")],
    "tables": [table(t) for t in root.find("table")],
    "figures": [figure(f) for f in root.find("figure")],
    "counts": counts,
    "resources": resources,
}, ensure_ascii=False))
)PY";

class Html : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "atlas-html-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    std::ofstream(dir_ / "read.py") << kReader;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // The page as the Python reader sees it.
  nlohmann::json read(const std::string& page) {
    std::ofstream(dir_ / "page.html", std::ios::binary) << page;
    std::string out = command_output("python3 '" + (dir_ / "read.py").string() + "' '" +
                                     (dir_ / "page.html").string() + "'");
    auto json = nlohmann::json::parse(out, nullptr, false);
    EXPECT_FALSE(json.is_discarded()) << out;
    return json;
  }

  fs::path dir_;
};

const std::string kScript = "<script>alert(1)</script> & Co";

Document report() {
  Document d;
  d.title = "2024 年创新型产业集群发展报告";
  d.cover_lines = {"2024 年度", "科技部火炬中心"};
  d.heading(1, "一、总体情况");
  d.paragraph("全国创新型产业集群保持增长。");
  d.add(KeyFigures{{{"集群数", "150", ""}, {"营业收入", "12,345.6 亿元", "+4.2%"}}});
  d.heading(2, "（一）规模");
  TableBlock t;
  t.caption = "表 1 集群营业收入";
  t.sheet = "营业收入";
  t.table.columns = {{"name", "集群名称", -1, false, 1, true},
                     {"revenue_yuan", "营业收入(亿元)", 2, true, 1e8, true},
                     {"enterprises", "企业数", -1, true, 1, true},
                     {"year", "年份", -1, true, 1, false}};
  t.table.add_row(
      {std::string("苏州纳米技术集群"), 123456789012.0, std::int64_t{1234}, std::int64_t{2024}});
  t.table.add_row({kScript, Cell{}, std::int64_t{56}, std::int64_t{2023}});
  t.table.notes = {"数据为模拟数据。"};
  d.add(t);
  d.paragraph("注：营业收入按当年价格计算。", true);
  d.add(PageBreak{});
  d.heading(1, "二、分布");
  d.add(Figure{"图 1 集群分布", 200, 100, [](draw::Canvas& c) {
                 c.rect(10, 10, 80, 40, draw::Color::hex("#1b6e3a"), std::nullopt);
                 c.text(100, 20, "苏州 <集群>", {10, false}, draw::Align::kLeft, draw::Color{});
               }});
  d.heading(3, "细节");
  d.heading(2, kScript);
  return d;
}

TEST_F(Html, IsWellFormedHtml5AndXml) {
  std::string page = html(report());
  auto r = read(page);
  EXPECT_EQ(r["errors"], nlohmann::json::array()) << page;
  EXPECT_EQ(r["doctype"], "DOCTYPE html");
  EXPECT_TRUE(page.starts_with("<!DOCTYPE html>\n"));
  EXPECT_EQ(r["lang"], "zh-CN");
  EXPECT_EQ(r["charset"], (Strings{"utf-8"}));
  for (const char* one : {"html", "head", "body", "title", "main", "style"}) {
    EXPECT_EQ(r["counts"][one], 1) << one;
  }

  pugi::xml_document xml;
  pugi::xml_parse_result parsed = xml.load_string(page.c_str());
  ASSERT_TRUE(parsed) << parsed.description() << " at " << parsed.offset;
  EXPECT_STREQ(xml.document_element().name(), "html");
  // The figure's SVG is in the page, in its namespace.
  auto svg = xml.select_node("//figure/svg").node();
  ASSERT_TRUE(svg);
  EXPECT_STREQ(svg.attribute("xmlns").value(), "http://www.w3.org/2000/svg");
}

TEST_F(Html, HasTheTitleCoverHeadingsAndContents) {
  auto r = read(html(report()));
  EXPECT_EQ(r["title"], (Strings{"2024 年创新型产业集群发展报告"}));
  EXPECT_EQ(r["h1"], (Strings{"2024 年创新型产业集群发展报告"}));
  EXPECT_EQ(r["cover"], (Strings{"2024 年度", "科技部火炬中心"}));
  // Level 1 → h2, 2 → h3, 3 → h4, numbered in document order; the PageBreak marks the heading
  // after it.
  EXPECT_EQ(r["headings"], nlohmann::json::parse(R"([
    {"tag": "h2", "id": "h-1", "text": "一、总体情况", "class": ""},
    {"tag": "h3", "id": "h-2", "text": "（一）规模", "class": ""},
    {"tag": "h2", "id": "h-3", "text": "二、分布", "class": "break"},
    {"tag": "h4", "id": "h-4", "text": "细节", "class": ""},
    {"tag": "h3", "id": "h-5", "text": "<script>alert(1)</script> & Co", "class": ""}
  ])"));
  // The contents list levels 1 and 2 (not the h4), level 2 nested under its level 1.
  EXPECT_EQ(r["contents_title"], (Strings{"目录"}));
  EXPECT_EQ(r["contents"], nlohmann::json::parse(R"([
    {"href": "#h-1", "text": "一、总体情况", "depth": 1},
    {"href": "#h-2", "text": "（一）规模", "depth": 2},
    {"href": "#h-3", "text": "二、分布", "depth": 1},
    {"href": "#h-5", "text": "<script>alert(1)</script> & Co", "depth": 2}
  ])"));
  EXPECT_EQ(r["paragraphs"], nlohmann::json::parse(R"([
    {"text": "全国创新型产业集群保持增长。", "class": ""},
    {"text": "注：营业收入按当年价格计算。", "class": "note"}
  ])"));
  EXPECT_EQ(r["key_figures"], nlohmann::json::parse(R"([
    ["集群数", "150"], ["营业收入", "12,345.6 亿元", "+4.2%"]
  ])"));
}

TEST_F(Html, TablesShowTheTerminalsFigures) {
  auto r = read(html(report()));
  ASSERT_EQ(r["tables"].size(), 1u);
  const auto& t = r["tables"][0];
  EXPECT_EQ(t["caption"], "表 1 集群营业收入");
  EXPECT_EQ(t["head"], (Strings{"集群名称", "营业收入(亿元)", "企业数", "年份"}));
  EXPECT_EQ(t["head_classes"], (Strings{"", "num", "num", "num"}));
  // 123456789012 元 / 1e8 = 1234.56789012 亿元 → 1,234.57; a missing revenue is "—"; a year
  // has no separator.
  EXPECT_EQ(t["rows"], (std::vector<Strings>{{"苏州纳米技术集群", "1,234.57", "1,234", "2024"},
                                             {kScript, "—", "56", "2023"}}));
  EXPECT_EQ(t["cell_classes"][0], (Strings{"", "num", "num", "num"}));
  EXPECT_EQ(t["notes"], (Strings{"数据为模拟数据。"}));
}

TEST_F(Html, FiguresAreInlineSvgWithTheirCaption) {
  auto r = read(html(report()));
  ASSERT_EQ(r["figures"].size(), 1u);
  const auto& f = r["figures"][0];
  EXPECT_EQ(f["svg_xmlns"], (Strings{"http://www.w3.org/2000/svg"}));
  EXPECT_EQ(f["rects"], 1);
  EXPECT_EQ(f["texts"], (Strings{"苏州 <集群>"}));
  EXPECT_EQ(f["caption"], "图 1 集群分布");
}

TEST_F(Html, NamesAreTextAndNothingIsFetched) {
  std::string page = html(report());
  auto r = read(page);
  EXPECT_FALSE(r["counts"].contains("script"));
  std::string lower = page;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_THAT(lower, Not(HasSubstr("<script")));
  EXPECT_THAT(page, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"));
  for (const char* tag : {"img", "link", "iframe", "object", "embed", "base", "image", "use"}) {
    EXPECT_FALSE(r["counts"].contains(tag)) << tag;
  }
  // Every link is to an id in the page.
  for (const auto& value : r["resources"]) EXPECT_TRUE(value.get<std::string>().starts_with("#"));

  // The only URI is the SVG namespace's, once per figure, which names and fetches nothing.
  const std::string svg_namespace = "xmlns=\"http://www.w3.org/2000/svg\"";
  std::string rest = page;
  int namespaces = 0;
  for (auto at = rest.find(svg_namespace); at != std::string::npos; at = rest.find(svg_namespace)) {
    rest.erase(at, svg_namespace.size());
    ++namespaces;
  }
  EXPECT_EQ(namespaces, 1);
  for (const char* fetch : {"http:", "https:", "//", "url(", "@import", "src=", "@font-face"}) {
    EXPECT_THAT(rest, Not(HasSubstr(fetch))) << fetch;
  }
}

TEST_F(Html, StylesScreenAndPrint) {
  std::string page = html(report());
  for (const char* rule :
       {"font-family: \"Noto Sans CJK SC\", sans-serif", "@page { size: A4;", "@media print",
        "thead { display: table-header-group; }", "tr { break-inside: avoid;",
        ".break { break-before: page; }", "figure { margin: 1.5rem 0; break-inside: avoid;",
        ".num { text-align: right;", ".table-scroll { overflow-x: auto;",
        "name=\"viewport\" content=\"width=device-width, initial-scale=1\""}) {
    EXPECT_THAT(page, HasSubstr(rule));
  }
  // Page numbers in the words of page_label(), the title as the running header.
  EXPECT_THAT(
      page,
      HasSubstr(
          R"(@bottom-center { content: "第 " counter(page) " 页 / 共 " counter(pages) " 页" ;)"));
  EXPECT_THAT(page, HasSubstr(R"(@top-center { content: "2024 年创新型产业集群发展报告";)"));
}

TEST_F(Html, AFactSheetHasNoCoverNorContents) {
  Document d;
  d.language = Language::kEn;
  d.title = "Cluster \"A\" </style> fact sheet";
  d.cover = false;
  d.contents = false;
  d.heading(1, "Overview");
  d.paragraph(std::string("bad bytes \xff\xfe and a bell \x07 stay out"));
  d.add(KeyFigures{});  // nothing to show
  d.heading(2, "Figures");
  std::string page = html(d);
  auto r = read(page);
  EXPECT_EQ(r["errors"], nlohmann::json::array()) << page;
  EXPECT_EQ(r["lang"], "en");
  EXPECT_EQ(r["title"], (Strings{"Cluster \"A\" </style> fact sheet"}));
  EXPECT_FALSE(r["counts"].contains("h1"));
  EXPECT_FALSE(r["counts"].contains("nav"));
  EXPECT_FALSE(r["counts"].contains("header"));
  EXPECT_FALSE(r["counts"].contains("dl"));
  EXPECT_EQ(r["headings"][0]["id"], "h-1");
  EXPECT_EQ(r["headings"][1]["tag"], "h3");
  EXPECT_EQ(r["paragraphs"][0]["text"], "bad bytes \uFFFD\uFFFD and a bell \uFFFD stay out");
  EXPECT_THAT(page, HasSubstr(R"(content: "Page " counter(page) " of " counter(pages) ;)"));
  // The title in CSS cannot end the <style> element.
  EXPECT_THAT(page, HasSubstr(R"(content: "Cluster \"A\" \3c /style> fact sheet";)"));
  pugi::xml_document xml;
  EXPECT_TRUE(xml.load_string(page.c_str()));
}

TEST_F(Html, WritesTheFile) {
  std::string path = (dir_ / "report.html").string();
  write_html(report(), path);
  std::ifstream in(path, std::ios::binary);
  std::string written((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(written, html(report()));
  EXPECT_THROW(write_html(report(), (dir_ / "no-such-folder" / "r.html").string()), Error);
}

}  // namespace
}  // namespace atlas::report::document
