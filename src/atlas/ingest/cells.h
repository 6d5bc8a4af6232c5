// Cells as offices type them, read as the values fields hold: numbers with thousands separators,
// full-width digits (１２３), accounting negatives ((1,871.0)) and a currency sign; years written
// 2024, ２０２４, 2024年 or as a date; credit codes in lower case or full width; and the rows of a
// table that are not data (合计, 小计). Contract: a plain ASCII number or year takes a fast path,
// and the other conversions run only when it fails, so a large import pays nothing for them;
// what is ambiguous (12,34 — a decimal comma or a slip?) is refused with the reason, not guessed.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "atlas/core/text.h"

namespace atlas::ingest {

// Full-width ASCII forms as ASCII (core/text.h): the readers' first step with a cell.
using text::halfwidth;

// Blank, "-", "—", "——", "/", "NA", "N/A", "null": a value nobody reported.
bool is_missing_text(std::string_view cell);

// A number as offices write it: 1234.5, 1,234.5 or 1 234.5 (separators between groups of three
// digits only), full-width digits, a leading ¥ or ￥, a sign or accounting brackets for a negative
// ((1,871.0) = -1871), an exponent. nullopt for anything else; then *why, when given and more can
// be said than "not a number", says what is wrong.
std::optional<double> parse_number(std::string_view cell, std::string* why = nullptr);

// parse_number without the reason: for readers whose message says only "not a number".
inline std::optional<double> parse_plain_number(std::string_view cell) {
  return parse_number(cell);
}

// The year a cell gives: 2024, ２０２４, 2024.0, 2024年, 2024年度, or a date with the year first —
// 2024-12-31, 2024/12/31, 2024.12.31, 2024年12月31日, 2024-12, with a time of day after it (an
// XLSX date cell reads as "2024-12-31" or "2024-12-31 08:00:00"). Not checked against the
// programme's years. nullopt for anything else (two-digit years, day-first dates, ranges); then
// *why, when given, may hint at the cause (an Excel date serial where a year belongs).
std::optional<int> parse_year(std::string_view cell, std::string* why = nullptr);

// A credit code as GB 32100-2015 writes it: full-width forms as ASCII, letters in upper case.
// Returns whether `code` changed.
bool canonical_credit_code(std::string& code);

// Whether a code reads as a number with a decimal point or an exponent (9.14206E+17): what Excel
// shows of a long code typed into a cell that is not formatted as text, its last digits lost.
bool is_excel_number(std::string_view code);

// The word that marks a row of totals rather than data — 合计, 总计, 小计, 共计, 汇总 (alone or
// ending a label: 全市合计, 本页小计), 全部, 总数, total, subtotal — in the first non-empty cell
// or in cell `name_column` (-1: none), ignoring spaces between its characters and a trailing
// colon. As written in the cell (trimmed), or "" for a row of data.
std::string total_row_word(const std::vector<std::string>& cells, int name_column);

}  // namespace atlas::ingest
