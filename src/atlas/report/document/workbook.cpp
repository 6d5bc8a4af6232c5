#include "atlas/report/document/workbook.h"

#include "atlas/report/xlsx.h"

namespace atlas::report::document {

void write_workbook(const Document& doc, const std::string& path) {
  XlsxWriter w(path);
  bool any = false;
  for (const auto& block : doc.blocks) {
    const auto* t = std::get_if<TableBlock>(&block);
    if (t == nullptr || t->sheet.empty()) continue;
    w.sheet(t->sheet, t->table.columns);
    for (const auto& row : t->table.rows) w.row(row);
    std::vector<std::string> notes;
    if (!t->caption.empty()) notes.push_back(t->caption);
    notes.insert(notes.end(), t->table.notes.begin(), t->table.notes.end());
    w.notes(notes);
    any = true;
  }
  if (!any) {
    w.sheet(doc.title, {Column{"title", doc.title}});
    for (const auto& line : doc.cover_lines) w.row({line});
    w.notes({doc.language == Language::kZh ? "本报告没有表格。" : "This report has no tables."});
  }
  w.close();
}

}  // namespace atlas::report::document
